package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The group commit's guarantees, with a transaction the test controls: the first transaction is
 * held open until the test has queued the writes it wants to see batched.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitTest {

  /** Every transaction's writes, in the order the transactions ran. */
  private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstMayCommit = new CountDownLatch(1);
  private final CountDownLatch firstStarted = new CountDownLatch(1);
  private final List<String> writerThreads = Collections.synchronizedList(new ArrayList<>());

  private final GroupCommit<String, String> commit = new GroupCommit<>("test-writer", 3, writes -> {
    writerThreads.add(Thread.currentThread().getName());
    transactions.add(List.copyOf(writes));
    if (writes.contains("first")) {
      firstStarted.countDown();
      await(firstMayCommit);
    }
    if (writes.contains("bad")) {
      throw new IllegalArgumentException("bad write");
    }
    return writes.stream().map(String::toUpperCase).toList();
  });

  @AfterEach
  void close() throws InterruptedException {
    commit.close();
  }

  @Test
  void aLoneWriteRunsAtOnceInItsOwnTransaction() {
    assertThat(commit.submit("alone")).isEqualTo("ALONE");
    assertThat(transactions).containsExactly(List.of("alone"));
    assertThat(writerThreads).containsExactly("test-writer");
  }

  @Test
  void writesThatArriveDuringACommitShareTheNextTransactionInOrderEachWithItsOwnResult() throws Exception {
    CompletableFuture<String> first = submitAsync("first");
    await(firstStarted);
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (String write : List.of("b", "c", "d", "e")) {
      queued.add(submitAsync(write));
      awaitWaiting(queued.size());
    }
    firstMayCommit.countDown();

    assertThat(first.get()).isEqualTo("FIRST");
    assertThat(queued.stream().map(CompletableFuture::join)).containsExactly("B", "C", "D", "E");
    // At most three writes a transaction, in the order they were submitted.
    assertThat(transactions).containsExactly(List.of("first"), List.of("b", "c", "d"), List.of("e"));
  }

  @Test
  void aFailingWriteFailsOnlyItsOwnSubmitter() throws Exception {
    CompletableFuture<String> first = submitAsync("first");
    await(firstStarted);
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (String write : List.of("good", "bad", "fine")) {
      queued.add(submitAsync(write));
      awaitWaiting(queued.size());
    }
    firstMayCommit.countDown();

    assertThat(first.get()).isEqualTo("FIRST");
    assertThat(queued.get(0).get()).isEqualTo("GOOD");
    assertThat(queued.get(2).get()).isEqualTo("FINE");
    assertThatThrownBy(() -> queued.get(1).join()).hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("bad write");
    // The batch failed as a whole, then each write ran alone.
    assertThat(transactions).containsExactly(List.of("first"), List.of("good", "bad", "fine"),
        List.of("good"), List.of("bad"), List.of("fine"));
  }

  @Test
  void theSubmitterGetsTheWritesOwnExceptionNotAWrapper() {
    assertThatThrownBy(() -> commit.submit("bad")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad write");
  }

  @Test
  void closeAnswersTheWritesAlreadySubmittedAndLaterWritesRunOnTheCallersThread() throws Exception {
    CompletableFuture<String> first = submitAsync("first");
    await(firstStarted);
    CompletableFuture<String> queued = submitAsync("queued");
    awaitWaiting(1);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
      try {
        commit.close();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    firstMayCommit.countDown();
    closing.get();

    assertThat(first.get()).isEqualTo("FIRST");
    assertThat(queued.get()).isEqualTo("QUEUED");
    assertThat(commit.submit("late")).isEqualTo("LATE");
    assertThat(writerThreads).containsExactly("test-writer", "test-writer", Thread.currentThread().getName());
  }

  private CompletableFuture<String> submitAsync(String write) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread submitter = new Thread(() -> {
      try {
        result.complete(commit.submit(write));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    submitter.start();
    return result;
  }

  private void awaitWaiting(int count) throws InterruptedException {
    while (commit.waiting() < count) {
      Thread.sleep(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
