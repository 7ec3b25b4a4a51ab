/* Scheduling side: any thread may call bh_schedule(). */
#include "event-loop.h"

void event_loop_notify(EventLoop *ctx)
{
    /*
     * Write the scheduled flag before reading notify_me.
     * Pairs with smp_mb() in event_loop_poll().
     */
    smp_mb();
    if (qatomic_read(&ctx->notify_me)) {
        wakeup_fd_write(ctx->wakeup_fd);
        qatomic_set(&ctx->notified, true);
    }
}

void bh_schedule(EventLoop *ctx, BottomHalf *bh)
{
    unsigned old_flags = qatomic_fetch_or(&bh->flags, BH_SCHEDULED | BH_PENDING);

    if (!(old_flags & BH_PENDING)) {
        event_loop_notify(ctx);
    }
}
