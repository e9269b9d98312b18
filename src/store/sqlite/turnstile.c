/* The writers' turnstile (turnstile.h): two byte locks on a sidecar file. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "turnstile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { GATE_BYTE = 0, SEAT_BYTE = 1 };

#ifdef F_OFD_SETLK
#define CS_SETLK F_OFD_SETLK
#else
#define CS_SETLK F_SETLK /* per process: still fair between processes */
#endif

void cs_turnstile_open(cs_turnstile *t, const char *db_path)
{
    t->fd = -1;
    t->held = 0;
    char path[4096];
    if (!db_path || !*db_path || snprintf(path, sizeof path, "%s-lock", db_path) >= (int)sizeof path)
        return;
    t->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
}

void cs_turnstile_close(cs_turnstile *t)
{
    cs_turnstile_leave(t);
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
}

/* 0: locked (or unlocked), 1: held by another, -1: locking does not work here. */
static int set_lock_range(int fd, short type, off_t start, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl); /* F_OFD_SETLK wants l_pid 0 */
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    if (fcntl(fd, CS_SETLK, &fl) == 0)
        return 0;
    return errno == EAGAIN || errno == EACCES || errno == EINTR ? 1 : -1;
}

static int set_lock(int fd, short type, off_t byte)
{
    return set_lock_range(fd, type, byte, 1);
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Polls one byte lock until `deadline`, pausing from 20 us up to `max_us`,
 * jittered so that waiters do not move in step. */
static int take(cs_turnstile *t, off_t byte, long max_us, int64_t deadline, unsigned *seed)
{
    long pause_us = 20;
    for (;;) {
        int rc = set_lock(t->fd, F_WRLCK, byte);
        if (rc <= 0)
            return rc;
        int64_t now = now_us();
        if (now >= deadline)
            return 1;
        long jittered = pause_us / 2 + (long)(rand_r(seed) % (unsigned)(pause_us / 2 + 1));
        if (jittered > deadline - now)
            jittered = (long)(deadline - now);
        struct timespec ts = {0, jittered * 1000};
        nanosleep(&ts, NULL);
        if (pause_us < max_us)
            pause_us *= 2;
    }
}

int32_t cs_turnstile_enter(cs_turnstile *t, int32_t timeout_ms)
{
    if (t->fd < 0 || t->held)
        return timeout_ms;
    /* Nobody at the gate or in the seat: take both at once, open the gate. */
    int rc = set_lock_range(t->fd, F_WRLCK, GATE_BYTE, 2);
    if (rc == 0) {
        set_lock(t->fd, F_UNLCK, GATE_BYTE);
        t->held = 1;
        return timeout_ms;
    }
    int64_t start = now_us(), deadline = start + (int64_t)timeout_ms * 1000;
    unsigned seed = (unsigned)start ^ (unsigned)getpid();
    /* Only the one holding the gate waits for the seat, and polls it often:
     * a seat left empty between two commits is throughput lost. */
    if (rc == 1)
        rc = take(t, GATE_BYTE, 1000, deadline, &seed);
    if (rc == 0) {
        rc = take(t, SEAT_BYTE, 80, deadline, &seed);
        set_lock(t->fd, F_UNLCK, GATE_BYTE);
    }
    if (rc < 0) { /* no locking on this file system: SQLite's handler alone */
        close(t->fd);
        t->fd = -1;
        return timeout_ms;
    }
    if (rc > 0)
        return -1;
    t->held = 1;
    int64_t left = timeout_ms - (now_us() - start) / 1000;
    return left > 0 ? (int32_t)left : 1;
}

void cs_turnstile_leave(cs_turnstile *t)
{
    if (t->fd >= 0 && t->held)
        set_lock(t->fd, F_UNLCK, SEAT_BYTE);
    t->held = 0;
}
