/*
 * Xenolith's XenStore daemon: shared declarations.
 *
 * The daemon is a set of small modules that the host unit tests link one
 * by one:
 *
 *   tree.c        the node store: paths, values, children, generations
 *   perms.c       node permissions and who may do what
 *   store.c       the operations (read, write, mkdir, rm, ...) over a view
 *   transaction.c per-transaction overlays and optimistic commit
 *   watch.c       watches and the events they fire
 *   quota.c       per-domain limits, with Xen's default numbers
 *   wire.c        message framing and argument parsing
 *   conn.c        connections: input reassembly, output queue, dispatch
 *   ring.c        the shared-page ring transport of a domain
 *   domain.c      INTRODUCE/RELEASE and the domain table
 *   backend_linux.c  rings and event channels through a Linux dom0's
 *                 /dev/xen devices
 *   ops.c         one handler per message type
 *   dump.c        saving and reloading the whole state
 *   main.c        options, the Unix socket and the poll loop
 *
 * The daemon is single-threaded: a request is handled completely, and its
 * reply and watch events queued, before the next one is read.  That makes
 * every operation atomic with respect to every other one, and there are
 * no locks.  Errors are negative errno values internally and become
 * Xen's error names ("ENOENT") only on the wire.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include "public/io/xs_wire.h"

#define DOMID_COUNT 0x10000u	/* domid_t is 16 bits */

/* ---- tree.c ------------------------------------------------------- */

/* Access bits of a permission entry. */
#define PERM_READ 1u
#define PERM_WRITE 2u
#define PERM_OWNER 4u	/* internal: may change perms */

/* One entry of a node's permission list: a domain and its access. */
struct node_perm {
	unsigned int id;	/* domid */
	unsigned int mode;	/* PERM_READ | PERM_WRITE */
};

/*
 * A node.  perms[0] names the owner and, in its mode, the access of every
 * domain not listed in perms[1..].  children is the list of child names,
 * each NUL-terminated, exactly as XS_DIRECTORY sends it.  gen changes on
 * every modification of the node; transactions use it to detect conflicts.
 */
struct node {
	char *path;
	char *value;
	unsigned int vlen;
	struct node_perm *perms;
	unsigned int nperms;
	char *children;
	unsigned int clen;
	uint64_t gen;
	struct node *hnext;	/* hash chain */
	/* Only used in transaction overlays: */
	uint64_t seen_gen;	/* base gen when first touched, 0 = absent */
	int tstate;		/* TX_READ, TX_WRITTEN, TX_DELETED */
};

/* A hash table of nodes by path: the store, or a transaction's overlay. */
struct tree {
	struct node **bucket;
	unsigned int nbucket;
	unsigned int count;
};

int tree_init(struct tree *t);
void tree_destroy(struct tree *t);
struct node *tree_find(const struct tree *t, const char *path);
void tree_insert(struct tree *t, struct node *n);
struct node *tree_unlink(struct tree *t, const char *path);
void tree_foreach(struct tree *t, void (*fn)(struct node *, void *),
		  void *arg);

struct node *node_new(const char *path);
struct node *node_dup(const struct node *n);
void node_free(struct node *n);
int node_set_value(struct node *n, const void *val, unsigned int len);
int node_set_perms(struct node *n, const struct node_perm *p,
		   unsigned int num);
bool node_has_child(const struct node *n, const char *name);
int node_add_child(struct node *n, const char *name);
void node_del_child(struct node *n, const char *name);
unsigned int node_owner(const struct node *n);

/* ---- paths (store.c) ------------------------------------------------ */

bool path_is_valid(const char *path, bool allow_special);
bool path_is_within(const char *parent, const char *child);
const char *path_basename(const char *path);
char *path_parent(const char *path);

/* ---- perms.c ------------------------------------------------------ */

/* Who is asking: the identity every permission check needs. */
struct caller {
	unsigned int domid;
	bool priv;		/* dom0 or a privileged socket client */
	int target;		/* domain this one acts for, or -1 */
};

int perms_parse(const char *strs, unsigned int len, struct node_perm **out,
		unsigned int *num);
int perms_format(const struct node *n, char **out, unsigned int *len);
unsigned int perms_access(const struct caller *c, const struct node *n);

/* ---- quota.c ------------------------------------------------------ */

struct quota_limits {
	unsigned int nodes;		/* nodes owned per domain */
	unsigned int watches;		/* watches per connection */
	unsigned int transactions;	/* open transactions per connection */
	unsigned int entry_size;	/* value bytes per node */
	unsigned int perms;		/* permission entries per node */
	unsigned int outstanding;	/* unread replies per domain */
	unsigned int trans_nodes;	/* nodes touched per transaction */
	unsigned int path_max;		/* relative path length */
};

extern struct quota_limits quota;
void quota_reset(void);
unsigned int quota_nodes_of(unsigned int domid);
void quota_nodes_add(unsigned int domid, int delta);
int quota_check_new_nodes(const struct caller *c, unsigned int owner,
			  unsigned int count);

/* ---- store.c ------------------------------------------------------ */

struct txn;

/* A change to report to watches once it is visible to everybody. */
struct change {
	struct change *next;
	char *path;
	bool removed;		/* rm: watches below path fire too */
	struct node_perm *perms;	/* node's perms, for read checks */
	unsigned int nperms;
};

/* Where an operation reads and writes: the store or a transaction. */
struct view {
	struct tree *base;
	struct txn *tx;		/* NULL: straight to base */
	struct change **changes;	/* list to append to */
};

extern struct tree store;	/* the one live store */
extern uint64_t store_gen;	/* last generation handed out */

int store_init(void);
void store_fini(void);
uint64_t store_next_gen(void);

const struct node *view_get(struct view *v, const char *path);
int view_put(struct view *v, struct node *n);
int view_del(struct view *v, const char *path);

int store_read(struct view *v, const struct caller *c, const char *path,
	       const struct node **out);
int store_write(struct view *v, const struct caller *c, const char *path,
		const void *val, unsigned int len);
int store_mkdir(struct view *v, const struct caller *c, const char *path);
int store_rm(struct view *v, const struct caller *c, const char *path);
int store_set_perms(struct view *v, const struct caller *c,
		    const char *path, const struct node_perm *p,
		    unsigned int num);
void change_list_free(struct change *ch);
void change_add(struct change **list, const char *path, bool removed,
		const struct node *n);

/* ---- transaction.c ------------------------------------------------ */

enum { TX_READ = 1, TX_WRITTEN, TX_DELETED };

struct txn {
	struct txn *next;
	uint32_t id;
	struct tree overlay;	/* every node this transaction touched */
	struct change *changes;	/* events to fire on commit */
	unsigned int domid;	/* for node accounting at commit */
	bool priv;		/* privileged: no node quota */
	bool too_big;		/* touched too many nodes: doomed */
	bool doomed;		/* restored after a restart: EAGAIN */
};

struct txn *txn_new(uint32_t id, unsigned int domid);
void txn_free(struct txn *t);
int txn_commit(struct txn *t, struct change **fired);
const struct node *txn_get(struct txn *t, struct tree *base,
			   const char *path);
int txn_put(struct txn *t, struct tree *base, struct node *n);
int txn_del(struct txn *t, struct tree *base, const char *path);

/* ---- watch.c ------------------------------------------------------ */

struct conn;

struct watch {
	struct watch *next;
	char *path;		/* as the client gave it */
	char *abs;		/* canonical path */
	char *token;
	bool relative;		/* report paths relative to domain home */
};

int watch_add(struct conn *c, const char *path, const char *abs,
	      const char *token);
int watch_remove(struct conn *c, const char *abs, const char *token);
void watch_remove_all(struct conn *c);
void watch_fire(const struct change *ch);
void watch_fire_special(const char *name);
unsigned int watch_count(const struct conn *c);

/* ---- wire.c ------------------------------------------------------- */

int wire_count_strings(const char *buf, unsigned int len);
int wire_split(char *buf, unsigned int len, char **argv, int max);
const char *wire_error_name(int err);
int wire_error_number(const char *name);
bool wire_header_ok(const struct xsd_sockmsg *h);
const char *wire_type_name(uint32_t type);

/* ---- conn.c ------------------------------------------------------- */

/* A transport moves bytes; the connection layer frames messages. */
struct conn_ops {
	/* Return bytes moved (0: would block), or < 0 when the peer is
	 * gone or broke the transport. */
	int (*read)(struct conn *c, void *buf, unsigned int len);
	int (*write)(struct conn *c, const void *buf, unsigned int len);
	void (*close)(struct conn *c);
	void (*kick)(struct conn *c);	/* after a batch of writes */
};

struct outmsg {
	struct outmsg *next;
	unsigned int len, off;
	bool is_reply;
	char data[];
};

struct conn {
	struct conn *next;
	const struct conn_ops *ops;
	void *priv;		/* transport state */
	int fd;			/* for the poll loop, or -1 */
	struct caller who;
	struct domain *dom;	/* owning domain, NULL for sockets */

	struct xsd_sockmsg hdr;	/* request being received */
	unsigned int hdr_got;
	char *body;
	unsigned int body_got;

	struct outmsg *out_head, *out_tail;
	unsigned int out_replies;	/* queued replies, for the quota */
	unsigned int out_bytes;		/* queued bytes, for the cap */

	struct watch *watches;
	unsigned int nwatches;
	struct txn *txns;
	unsigned int ntxns;
	uint32_t next_txid;

	bool dead;		/* close once the queue is flushed */
};

extern struct conn *conn_list;

struct conn *conn_new(const struct conn_ops *ops, void *priv, int fd,
		      const struct caller *who);
void conn_free(struct conn *c);
void conn_handle_input(struct conn *c);
void conn_flush(struct conn *c);
bool conn_wants_write(const struct conn *c);
bool conn_can_read(const struct conn *c);
extern bool conn_draining;	/* restarting: serve open transactions only */
unsigned int conn_open_txns(void);
void conn_send(struct conn *c, uint32_t type, uint32_t req_id,
	       uint32_t tx_id, const void *data, unsigned int len,
	       bool is_reply);
void conn_send_error(struct conn *c, const struct xsd_sockmsg *req,
		     int err);
void conn_reap(void);
void conn_restore_input(struct conn *c, const char *buf, unsigned int len);
void conn_restore_output(struct conn *c, const char *buf, unsigned int len,
			 bool is_reply);
char *conn_canonical(const struct conn *c, const char *path);
struct txn *conn_find_txn(struct conn *c, uint32_t id);

extern FILE *trace_file;
void trace_msg(const struct conn *c, const char *dir,
	       const struct xsd_sockmsg *h, const char *body);

/* ---- ops.c -------------------------------------------------------- */

void ops_dispatch(struct conn *c, struct xsd_sockmsg *h, char *body);

/* ---- ring.c ------------------------------------------------------- */

extern const struct conn_ops ring_ops;

struct ring {
	struct xenstore_domain_interface *intf;
	bool broken;
};

/* ---- domain.c ----------------------------------------------------- */

/*
 * How the daemon reaches a domain's page and event channel.  On the host
 * there is no hypervisor, so the default backend maps nothing and a
 * domain is then introduced without a ring; unit tests install a backend
 * that hands out pages from memory.  In dom0 a backend over
 * /dev/xen/evtchn and foreign mapping plugs in here.
 */
struct domain_backend {
	void *(*map)(unsigned int domid, uint64_t mfn);
	void (*unmap)(unsigned int domid, void *page);
	int (*bind)(unsigned int domid, unsigned int port);
	void (*unbind)(int local_port);
	void (*notify)(int local_port);
	int (*pollfd)(void);	/* readable when a port fired, or NULL */
	void (*drain)(void);	/* acknowledge what made pollfd readable */
};

struct domain {
	struct domain *next;
	unsigned int domid;
	uint64_t mfn;
	unsigned int port;
	int local_port;
	int target;		/* -1: none */
	struct xenstore_domain_interface *page;	/* mapped ring, or NULL */
	struct conn *conn;	/* ring connection, NULL if none */
};

extern struct domain *domain_list;
extern const struct domain_backend *domain_backend;

struct domain *domain_find(unsigned int domid);
int domain_introduce(unsigned int domid, uint64_t mfn, unsigned int port);
int domain_release(unsigned int domid);
int domain_resume(unsigned int domid);
int domain_set_target(unsigned int domid, unsigned int target);
void domain_poll(void);
bool domain_any_ring(void);
void domain_release_all(void);

/* ---- backend_linux.c ---------------------------------------------- */

int backend_linux_init(bool init_dom0);

/* ---- dump.c ------------------------------------------------------- */

int dump_save(const char *file);
int dump_load(const char *file);

#endif /* XENSTORED_H */
