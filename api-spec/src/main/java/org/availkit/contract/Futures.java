package org.availkit.contract;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waiting for work done on another thread (the server's group commit, the mock's start-up work) as
 * if it ran on this one. Here, beside the contract, because it is the one module the server and the
 * mock share.
 */
public final class Futures {

  private Futures() {}

  /**
   * The result, or the work's own unchecked exception as it was thrown rather than wrapped in a
   * {@link CompletionException}, so that callers and error handlers see the cause they know. A
   * checked cause stays wrapped: the work's signature did not declare it.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }
}
