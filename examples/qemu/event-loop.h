/*
 * A small event loop in the style of QEMU's AioContext: bottom halves are scheduled from any thread
 * and run by the thread that polls the loop. `notify_me` tells schedulers whether the poller may be
 * asleep and needs a wake-up.
 */
#ifndef EVENT_LOOP_H
#define EVENT_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#define BH_SCHEDULED 1u
#define BH_PENDING   2u

typedef struct BottomHalf {
    void (*cb)(void *opaque);
    void *opaque;
    unsigned flags;
    struct BottomHalf *next;
} BottomHalf;

typedef struct EventLoop {
    unsigned notify_me;
    bool notified;
    BottomHalf *first_bh;
    int wakeup_fd;
} EventLoop;

void event_loop_notify(EventLoop *ctx);
BottomHalf *bh_new(EventLoop *ctx, void (*cb)(void *opaque), void *opaque);
void bh_schedule(EventLoop *ctx, BottomHalf *bh);
bool event_loop_poll(EventLoop *ctx, bool blocking);

void wakeup_fd_write(int fd);
void wakeup_fd_wait(int fd);

#endif
