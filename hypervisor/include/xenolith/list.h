/*
 * Circular doubly linked lists with a sentinel head, as in Linux and Xen:
 * an empty list is a head pointing at itself, so insertion and removal
 * never special-case the ends.
 */
#ifndef XENOLITH_LIST_H
#define XENOLITH_LIST_H

#include <stddef.h>
#include <stdbool.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(n)                                                      \
	{                                                                      \
		&(n), &(n)                                                     \
	}
#define LIST_HEAD(n) struct list_head n = LIST_HEAD_INIT(n)

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h->prev = h;
}

static inline void __list_add(struct list_head *n, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Insert n right after pos. */
static inline void list_add(struct list_head *n, struct list_head *pos)
{
	__list_add(n, pos, pos->next);
}

/* Insert n right before pos (at the tail when pos is the head). */
static inline void list_add_tail(struct list_head *n, struct list_head *pos)
{
	__list_add(n, pos->prev, pos);
}

static inline void list_del_init(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	INIT_LIST_HEAD(e);
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define container_of(p, type, member)                                          \
	((type *)((char *)(p)-offsetof(type, member)))
#define list_entry(p, type, member)	  container_of(p, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_for_each(p, h)		  for ((p) = (h)->next; (p) != (h); (p) = (p)->next)

#endif
