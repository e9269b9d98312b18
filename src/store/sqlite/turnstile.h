/* A fair entrance for writers of one database file, across processes.
 *
 * SQLite's busy handler polls: a writer that just committed takes the write
 * lock again at once while the others sleep up to 100 ms between tries, so
 * under steady load one process can wait out its whole busy timeout. The
 * turnstile puts two byte locks of a sidecar file (`<db>-lock`) in front
 * of BEGIN IMMEDIATE: a writer takes the gate, then the seat, then opens
 * the gate; a writer leaving the seat meets the gate held by the one that
 * waited and has to queue behind it. The locks are open-file-description
 * locks, so they are per handle, and the kernel drops them when a process
 * dies. Without a sidecar (no write access to the directory) writers fall
 * back to SQLite's handler alone: fairness is lost, never correctness. */
#ifndef CS_STORE_SQLITE_TURNSTILE_H
#define CS_STORE_SQLITE_TURNSTILE_H

#include <stdint.h>

typedef struct cs_turnstile {
    int fd;   /* -1: no sidecar, enter and leave do nothing */
    int held; /* the seat is ours */
} cs_turnstile;

/* Opens (creating) `<db_path>-lock`. Never fails: see the header. */
void cs_turnstile_open(cs_turnstile *t, const char *db_path);
void cs_turnstile_close(cs_turnstile *t);

/* Takes the seat within `timeout_ms`; returns the milliseconds left of it,
 * or -1 when the time ran out (the caller reports CSVC_E_BUSY). */
int32_t cs_turnstile_enter(cs_turnstile *t, int32_t timeout_ms);
/* Gives the seat back; nothing when it is not held. */
void cs_turnstile_leave(cs_turnstile *t);

#endif
