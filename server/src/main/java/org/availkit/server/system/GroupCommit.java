package org.availkit.server.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.availkit.contract.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writes submitted by concurrent request threads are run by one writer thread, which
 * takes every write waiting, runs them together in one transaction, and answers each submitter once
 * that transaction has committed.
 *
 * <p>Why: on the embedded database a commit writes the file before it returns (so that an
 * acknowledged write survives a killed process), the largest part of a write's cost
 * (bench/README.md), and commits take turns on the store. Writes that arrive while a commit is
 * under way now share the next one. A lone write still gets its own transaction at once: the writer
 * never waits for company.
 *
 * <p>The guarantees are those of one transaction per write:
 *
 * <ul>
 *   <li>{@link #submit} returns only after the write's transaction has committed.
 *   <li>Writes run in the order they were submitted, each seeing the ones before it.
 *   <li>A write that fails does not fail the others: when a batch fails, each of its writes is run
 *       again in a transaction of its own, and only the failing ones throw, to their own submitter.
 * </ul>
 *
 * @param <W> a write
 * @param <R> its result
 */
public final class GroupCommit<W, R> implements AutoCloseable {

  /** Runs writes in one transaction, in order, and answers their results in the same order. */
  @FunctionalInterface
  public interface Transaction<W, R> extends Function<List<W>, List<R>> {}

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private record Pending<W, R>(W write, CompletableFuture<R> result) {}

  private final Transaction<W, R> transaction;
  private final int maxBatch;
  private final BlockingQueue<Pending<W, R>> queue = new LinkedBlockingQueue<>();
  private final Pending<W, R> stop = new Pending<>(null, null);
  private final Thread writer;
  private volatile boolean closed;

  /**
   * @param name the writer thread's name
   * @param maxBatch the most writes one transaction takes
   */
  public GroupCommit(String name, int maxBatch, Transaction<W, R> transaction) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.transaction = transaction;
    this.maxBatch = maxBatch;
    this.writer = new Thread(this::drain, name);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Runs the write and returns its result once it has committed. A runtime exception of the write
   * is rethrown as it was thrown. After {@link #close()}, the write runs on the caller's thread.
   */
  public R submit(W write) {
    if (closed) {
      return transaction.apply(List.of(write)).get(0);
    }
    Pending<W, R> pending = new Pending<>(write, new CompletableFuture<>());
    queue.add(pending);
    if (closed && queue.remove(pending)) {
      // close() came between the check and the add, and the writer may have gone: run it here.
      return transaction.apply(List.of(write)).get(0);
    }
    return Futures.join(pending.result());
  }

  /** Writes waiting for the writer, not counting the batch under way. */
  public int waiting() {
    return queue.size();
  }

  /** Lets the writer finish every write already submitted, then stops it. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    // A marker rather than an interrupt: an interrupt inside a file write closes H2's file.
    queue.add(stop);
    writer.join();
  }

  private void drain() {
    List<Pending<W, R>> batch = new ArrayList<>(maxBatch);
    boolean stopping = false;
    while (!stopping) {
      batch.add(take());
      queue.drainTo(batch, maxBatch - 1);
      stopping = batch.removeIf(pending -> pending == stop);
      if (!batch.isEmpty()) {
        run(batch);
        batch.clear();
      }
    }
    // Whatever was submitted before close() is still answered; later submitters run their own.
    while (queue.drainTo(batch, maxBatch) > 0) {
      run(batch);
      batch.clear();
    }
  }

  private Pending<W, R> take() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // Nobody interrupts the writer on purpose; it stops at the marker.
      }
    }
  }

  private void run(List<Pending<W, R>> batch) {
    List<R> results;
    try {
      results = transaction.apply(batch.stream().map(Pending::write).toList());
    } catch (RuntimeException | Error e) {
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(e);
        return;
      }
      log.debug("A batch of {} writes failed; running them one by one", batch.size(), e);
      for (Pending<W, R> pending : batch) {
        run(List.of(pending));
      }
      return;
    }
    if (results.size() != batch.size()) {
      IllegalStateException e =
          new IllegalStateException(
              "the transaction answered "
                  + results.size()
                  + " results for "
                  + batch.size()
                  + " writes");
      batch.forEach(pending -> pending.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }
}
