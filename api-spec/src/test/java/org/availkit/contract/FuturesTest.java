package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Futures.join hands back the work's result, or its own unchecked exception, unwrapped. */
class FuturesTest {

  @Test
  void theResult() {
    assertThat(Futures.join(CompletableFuture.completedFuture("done"))).isEqualTo("done");
  }

  @Test
  void aRuntimeExceptionAsItWasThrown() {
    IllegalStateException thrown = new IllegalStateException("the work's own");

    assertThat(catchThrowable(() -> Futures.join(CompletableFuture.failedFuture(thrown))))
        .isSameAs(thrown);
  }

  @Test
  void anErrorAsItWasThrown() {
    OutOfMemoryError thrown = new OutOfMemoryError("the work's own");

    assertThat(catchThrowable(() -> Futures.join(CompletableFuture.failedFuture(thrown))))
        .isSameAs(thrown);
  }

  @Test
  void aCheckedCauseStaysWrapped() {
    IOException thrown = new IOException("checked");

    Throwable caught = catchThrowable(() -> Futures.join(CompletableFuture.failedFuture(thrown)));

    assertThat(caught).isInstanceOf(CompletionException.class).hasCause(thrown);
  }
}
