package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
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

  private final GroupCommit<String, String> commit =
      new GroupCommit<>(
          "test-writer",
          3,
          writes -> {
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
    // A test that failed while the first write waited would leave the writer waiting, and close
    // waiting for the writer.
    firstMayCommit.countDown();
    commit.close();
  }

  @Test
  void aLoneWriteRunsAtOnceInItsOwnTransaction() {
    assertThat(commit.submit("alone")).isEqualTo("ALONE");
    assertThat(transactions).containsExactly(List.of("alone"));
    assertThat(writerThreads).containsExactly("test-writer");
  }

  @Test
  void writesThatArriveDuringACommitShareTheNextTransactionInOrderEachWithItsOwnResult()
      throws Exception {
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
    assertThat(transactions)
        .containsExactly(List.of("first"), List.of("b", "c", "d"), List.of("e"));
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
    assertThatThrownBy(() -> queued.get(1).join())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("bad write");
    // The batch failed as a whole, then each write ran alone.
    assertThat(transactions)
        .containsExactly(
            List.of("first"),
            List.of("good", "bad", "fine"),
            List.of("good"),
            List.of("bad"),
            List.of("fine"));
  }

  @Test
  void theSubmitterGetsTheWritesOwnExceptionNotAWrapper() {
    assertThatThrownBy(() -> commit.submit("bad"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad write");
  }

  @Test
  void closeAnswersTheWritesAlreadySubmittedAndLaterWritesRunOnTheCallersThread() throws Exception {
    CompletableFuture<String> first = submitAsync("first");
    await(firstStarted);
    CompletableFuture<String> queued = submitAsync("queued");
    awaitWaiting(1);
    CompletableFuture<Void> closing =
        CompletableFuture.runAsync(
            () -> {
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
    assertThat(writerThreads)
        .containsExactly("test-writer", "test-writer", Thread.currentThread().getName());
  }

  @Test
  void aBatchTakesAtLeastOneWrite() throws Exception {
    assertThatThrownBy(() -> new GroupCommit<String, String>("none", 0, writes -> writes))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBatch must be at least 1");
    GroupCommit<String, String> one = new GroupCommit<>("one-writer", 1, writes -> writes);
    assertThat(one.submit("x")).isEqualTo("x");
    one.close();
  }

  /** The writer never keeps the JVM alive: the server's shutdown closes it, nothing else has to. */
  @Test
  void theWriterIsADaemonThread() {
    assertThat(commit.submit("alone")).isEqualTo("ALONE");
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals("test-writer"))
        .isNotEmpty()
        .allMatch(Thread::isDaemon);
  }

  @Test
  void anErrorOfTheWriteReachesItsSubmitterAsItWasThrown() {
    StackOverflowError error = new StackOverflowError("deep");
    GroupCommit<String, String> failing =
        new GroupCommit<>(
            "error-writer",
            3,
            writes -> {
              throw error;
            });
    try {
      assertThatThrownBy(() -> failing.submit("x")).isSameAs(error);
    } finally {
      closeQuietly(failing);
    }
  }

  @Test
  void aTransactionThatAnswersTheWrongNumberOfResultsFailsEveryWriteOfItsBatch() {
    GroupCommit<String, String> wrong = new GroupCommit<>("wrong-writer", 3, writes -> List.of());
    try {
      assertThatThrownBy(() -> wrong.submit("x"))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessage("the transaction answered 0 results for 1 writes");
    } finally {
      closeQuietly(wrong);
    }
  }

  @Test
  void closingAnIdleWriterRunsNoTransaction() throws Exception {
    assertThat(commit.submit("alone")).isEqualTo("ALONE");
    commit.close();
    assertThat(transactions).containsExactly(List.of("alone"));
  }

  /** close() returns once the writer has answered what was submitted before it, not before. */
  @Test
  void closeWaitsForTheWriter() throws Exception {
    CompletableFuture<String> first = submitAsync("first");
    await(firstStarted);
    Thread closer =
        new Thread(
            () -> {
              try {
                commit.close();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    closer.start();
    // The closer waits for the writer, which is held in the first transaction.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> closer.getState() == Thread.State.WAITING || !closer.isAlive());
    assertThat(closer.isAlive())
        .as("close() returned while the writer was still in a transaction")
        .isTrue();
    firstMayCommit.countDown();
    closer.join();
    assertThat(first.get()).isEqualTo("FIRST");
  }

  private static void closeQuietly(GroupCommit<?, ?> commit) {
    try {
      commit.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<String> submitAsync(String write) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread submitter =
        new Thread(
            () -> {
              try {
                result.complete(commit.submit(write));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    submitter.start();
    return result;
  }

  private void awaitWaiting(int count) {
    // Within the class's 30 s timeout, so the failure names what it waited for.
    Awaitility.await(count + " writes waiting")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> commit.waiting() >= count);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
