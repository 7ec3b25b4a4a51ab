/* Polling side: only the loop's own thread calls event_loop_poll(). */
#include "event-loop.h"

static bool bh_run_pending(EventLoop *ctx)
{
    bool progress = false;

    for (BottomHalf *bh = qatomic_rcu_read(&ctx->first_bh); bh; bh = qatomic_rcu_read(&bh->next)) {
        if (qatomic_read(&bh->flags) & BH_SCHEDULED) {
            qatomic_and(&bh->flags, ~(BH_SCHEDULED | BH_PENDING));
            bh->cb(bh->opaque);
            progress = true;
        }
    }
    return progress;
}

bool event_loop_poll(EventLoop *ctx, bool blocking)
{
    bool progress;

    if (blocking) {
        /*
         * Announce that we may sleep before looking for work. The RMW alone does not order the
         * relaxed loads of bh->flags below on Arm: without smp_mb__after_rmw() a concurrent
         * bh_schedule() can miss notify_me and this thread can miss the flag, and both wait.
         */
        qatomic_fetch_add(&ctx->notify_me, 2);
    }

    progress = bh_run_pending(ctx);

    if (blocking && !progress) {
        wakeup_fd_wait(ctx->wakeup_fd);
        qatomic_fetch_sub(&ctx->notify_me, 2);
    }
    return progress;
}
