// SPDX-License-Identifier: GPL-2.0
/*
 * rcu_list.c - an RCU-protected linked list, its readers and a deleter, for rcu-lens fixtures.
 *
 * Reader kthreads look up random elements under rcu_read_lock() and hold them for reader_ms,
 * checking the element's magic.  A deleter kthread unlinks random elements with list_del_rcu()
 * and frees them per `mode`: sync (synchronize_rcu() then kfree), call_rcu (a callback frees),
 * kfree_rcu, or none (no grace period: the bug).  Before freeing, the element is poisoned and
 * the deleter waits poison_ms, so a reader still holding it prints a use-after-free line; a run
 * where no reader held the victim at that moment prints nothing of the kind (the bug hides).
 * The message formats are documented in ../README.md and must stay stable.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/err.h>

#define MAGIC_LIVE	0x600d
#define MAGIC_POISON	0xdead
#define MAX_READERS	8

static char *mode = "sync";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "sync | call_rcu | kfree_rcu | none (no grace period: the bug)");

static int elements = 8;
module_param(elements, int, 0444);
MODULE_PARM_DESC(elements, "number of list elements (ids 1..elements)");

static int readers = 3;
module_param(readers, int, 0444);
MODULE_PARM_DESC(readers, "number of reader threads (max 8)");

static int rounds = 4;
module_param(rounds, int, 0444);
MODULE_PARM_DESC(rounds, "number of elements the deleter unlinks and frees");

static unsigned int reader_ms = 200;
module_param(reader_ms, uint, 0444);
MODULE_PARM_DESC(reader_ms, "how long a reader holds an element (busy-wait, ms)");

static unsigned int gap_ms = 100;
module_param(gap_ms, uint, 0444);
MODULE_PARM_DESC(gap_ms, "sleep between a reader's critical sections (ms)");

static unsigned int interval_ms = 300;
module_param(interval_ms, uint, 0444);
MODULE_PARM_DESC(interval_ms, "sleep between the deleter's rounds (ms)");

static unsigned int poison_ms = 50;
module_param(poison_ms, uint, 0444);
MODULE_PARM_DESC(poison_ms, "wait between poisoning and freeing an element (ms)");

static unsigned int start_ms = 300;
module_param(start_ms, uint, 0444);
MODULE_PARM_DESC(start_ms, "delay before the deleter's first round (ms)");

static int finished;
module_param(finished, int, 0444);
MODULE_PARM_DESC(finished, "read-only: 1 once all threads are done");

enum lmode { M_SYNC, M_CALL_RCU, M_KFREE_RCU, M_NONE };

struct elem {
	struct list_head node;
	int id;
	/* Padding keeps magic away from where the slab allocator stores its free pointer. */
	char pad[40];
	u32 magic;
	struct rcu_head rh;
};

static LIST_HEAD(elems);
static DEFINE_MUTEX(update_lock);
static enum lmode lmode;
static int nr_live;
static bool stop_readers;
static atomic_t running = ATOMIC_INIT(0);
static atomic_t total_sections = ATOMIC_INIT(0);
static atomic_t total_uaf = ATOMIC_INIT(0);
static int unlinked;
static DECLARE_COMPLETION(all_done);

static bool last_one(void)
{
	if (!atomic_dec_and_test(&running))
		return false;
	pr_info("rcu_list: summary mode=%s unlinked=%d sections=%d use_after_free=%d\n",
		mode, unlinked, atomic_read(&total_sections), atomic_read(&total_uaf));
	pr_info("rcu_list: all threads done\n");
	WRITE_ONCE(finished, 1);
	return true;
}

static void thread_done(void)
{
	/* The last kthread out signals rmmod without racing module unload. */
	if (last_one())
		kthread_complete_and_exit(&all_done, 0);
}

static struct elem *lookup(int id)
{
	struct elem *e;

	list_for_each_entry_rcu(e, &elems, node)
		if (e->id == id)
			return e;
	return NULL;
}

/* Holds e for ms, checking its magic every millisecond; true if the poison was seen. */
static bool hold(int r, struct elem *e, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	int id = e->id;

	while (time_before(jiffies, end)) {
		u32 m = READ_ONCE(e->magic);

		if (m == MAGIC_POISON) {
			pr_info("rcu_list: reader %d: use-after-free of element %d (poison 0x%x)\n",
				r, id, m);
			return true;
		}
		udelay(1000);
	}
	return false;
}

static int reader_thread(void *arg)
{
	int r = (long)arg, sections = 0, uaf = 0;

	while (!READ_ONCE(stop_readers)) {
		int id = 1 + get_random_u32() % elements;
		struct elem *e;

		rcu_read_lock();
		pr_info("rcu_list: reader %d: begin\n", r);
		e = lookup(id);
		if (e) {
			pr_info("rcu_list: reader %d: holds element %d\n", r, id);
			if (hold(r, e, reader_ms))
				uaf++;
		} else {
			pr_info("rcu_list: reader %d: element %d not found\n", r, id);
		}
		pr_info("rcu_list: reader %d: end\n", r);
		rcu_read_unlock();
		sections++;
		msleep(gap_ms);
	}
	atomic_add(sections, &total_sections);
	atomic_add(uaf, &total_uaf);
	pr_info("rcu_list: reader %d: done (%d sections, %d use-after-free)\n", r, sections, uaf);
	thread_done();
	return 0;
}

static void free_cb(struct rcu_head *rh)
{
	struct elem *e = container_of(rh, struct elem, rh);

	pr_info("rcu_list: callback: free element %d\n", e->id);
	WRITE_ONCE(e->magic, MAGIC_POISON);
	kfree(e);
}

static void poison_and_kfree(struct elem *e)
{
	pr_info("rcu_list: deleter: poison element %d\n", e->id);
	WRITE_ONCE(e->magic, MAGIC_POISON);
	msleep(poison_ms);
	pr_info("rcu_list: deleter: kfree element %d\n", e->id);
	kfree(e);
}

/* Unlinks a random live element; NULL when the list is empty. */
static struct elem *unlink_one(void)
{
	struct elem *e, *victim = NULL;
	int k;

	mutex_lock(&update_lock);
	if (nr_live > 0) {
		k = get_random_u32() % nr_live;
		list_for_each_entry(e, &elems, node)
			if (k-- == 0) {
				victim = e;
				break;
			}
		list_del_rcu(&victim->node);
		nr_live--;
		unlinked++;
		pr_info("rcu_list: deleter: unlink element %d\n", victim->id);
	}
	mutex_unlock(&update_lock);
	return victim;
}

static int deleter_thread(void *unused)
{
	int i;

	msleep(start_ms);
	for (i = 0; i < rounds; i++) {
		struct elem *e = unlink_one();

		if (!e)
			break;
		switch (lmode) {
		case M_SYNC:
			pr_info("rcu_list: deleter: synchronize_rcu() begin\n");
			synchronize_rcu();
			pr_info("rcu_list: deleter: synchronize_rcu() end\n");
			poison_and_kfree(e);
			break;
		case M_CALL_RCU:
			pr_info("rcu_list: deleter: call_rcu element %d\n", e->id);
			call_rcu(&e->rh, free_cb);
			break;
		case M_KFREE_RCU:
			pr_info("rcu_list: deleter: kfree_rcu element %d\n", e->id);
			kfree_rcu(e, rh);
			break;
		case M_NONE:
			poison_and_kfree(e);	/* BUG: readers may still hold e */
			break;
		}
		msleep(interval_ms);
	}
	if (lmode == M_CALL_RCU) {
		/* The callbacks live in this module: wait for them before it can be unloaded. */
		pr_info("rcu_list: deleter: rcu_barrier() begin\n");
		rcu_barrier();
		pr_info("rcu_list: deleter: rcu_barrier() end\n");
	}
	pr_info("rcu_list: deleter: done (%d unlinked)\n", unlinked);
	WRITE_ONCE(stop_readers, true);
	thread_done();
	return 0;
}

static int start(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t;

	atomic_inc(&running);
	t = kthread_run(fn, arg, "%s", name);
	if (IS_ERR(t)) {
		atomic_dec(&running);
		pr_err("rcu_list: cannot create %s: %ld\n", name, PTR_ERR(t));
		return PTR_ERR(t);
	}
	return 0;
}

static void free_all(void)
{
	struct elem *e, *n;

	list_for_each_entry_safe(e, n, &elems, node) {
		list_del(&e->node);
		kfree(e);
	}
}

static int __init rcu_list_init(void)
{
	char name[24];
	int i;

	if (!strcmp(mode, "sync"))
		lmode = M_SYNC;
	else if (!strcmp(mode, "call_rcu"))
		lmode = M_CALL_RCU;
	else if (!strcmp(mode, "kfree_rcu"))
		lmode = M_KFREE_RCU;
	else if (!strcmp(mode, "none"))
		lmode = M_NONE;
	else {
		pr_err("rcu_list: unknown mode %s\n", mode);
		return -EINVAL;
	}
	if (elements < 1 || readers < 0 || readers > MAX_READERS || rounds < 0) {
		pr_err("rcu_list: bad parameters\n");
		return -EINVAL;
	}
	pr_info("rcu_list: init mode=%s elements=%d readers=%d rounds=%d reader_ms=%u gap_ms=%u interval_ms=%u poison_ms=%u\n",
		mode, elements, readers, rounds, reader_ms, gap_ms, interval_ms, poison_ms);
	for (i = 1; i <= elements; i++) {
		struct elem *e = kzalloc(sizeof(*e), GFP_KERNEL);

		if (!e) {
			free_all();
			return -ENOMEM;
		}
		e->id = i;
		e->magic = MAGIC_LIVE;
		list_add_tail(&e->node, &elems);
		nr_live++;
	}

	/* Hold one reference so all_done fires only after init finished. */
	atomic_set(&running, 1);
	for (i = 0; i < readers; i++) {
		snprintf(name, sizeof(name), "rcu_list_r%d", i);
		pr_info("rcu_list: start reader %d\n", i);
		start(reader_thread, (void *)(long)i, name);
	}
	pr_info("rcu_list: start deleter\n");
	if (start(deleter_thread, NULL, "rcu_list_del"))
		WRITE_ONCE(stop_readers, true);
	if (last_one())
		complete(&all_done);
	return 0;
}

static void __exit rcu_list_exit(void)
{
	/* Threads hold no module references; wait until they are all gone. */
	wait_for_completion(&all_done);
	free_all();
	pr_info("rcu_list: exit\n");
}

module_init(rcu_list_init);
module_exit(rcu_list_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("RCU-protected list with readers and a deleter, for rcu-lens lab logs");
