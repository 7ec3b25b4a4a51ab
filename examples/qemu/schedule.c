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

BottomHalf *bh_new(EventLoop *ctx, void (*cb)(void *opaque), void *opaque)
{
    BottomHalf *bh = g_new0(BottomHalf, 1);

    bh->cb = cb;
    bh->opaque = opaque;
    bh->next = ctx->first_bh;
    /* Publish the initialised bottom half. Pairs with qatomic_rcu_read() in bh_run_pending(). */
    qatomic_rcu_set(&ctx->first_bh, bh);
    return bh;
}

void bh_schedule(EventLoop *ctx, BottomHalf *bh)
{
    unsigned old_flags = qatomic_fetch_or(&bh->flags, BH_SCHEDULED | BH_PENDING);

    if (!(old_flags & BH_PENDING)) {
        event_loop_notify(ctx);
    }
}
