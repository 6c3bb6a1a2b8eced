package org.availkit.mock;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.availkit.contract.Futures;

/** Start-up work that runs on a thread of its own while the main thread goes on. */
final class Background {

  private Background() {}

  /**
   * Runs {@code work} on a new daemon thread. A thread of its own rather than the common pool: on
   * two cores the common pool has a single thread, and two such tasks would queue.
   */
  static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  /** The result, or the work's own exception as it was thrown. */
  static <T> T join(CompletableFuture<T> future) {
    return Futures.join(future);
  }
}
