package org.availkit.mock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The spec the mock serves, with the request validation built from it: one pair, read whole by each
 * request, and swapped whole when a watched file ({@code --spec FILE --watch}) changes, so that
 * answers, examples and validation follow the file without a restart. A file that does not load (it
 * does not parse, or lacks what the mock needs: {@link ContractSpec#load}) changes nothing; the log
 * says why, and the last good spec is served until the file loads.
 *
 * <p>The file is polled ({@link #POLL_MILLIS}), its modification time and size, rather than watched
 * with a WatchService: editors that save by renaming, bind mounts and network file systems all show
 * a poll the change, where inotify events can be missed.
 */
final class LiveSpec implements AutoCloseable {

  /** How often a watched file is looked at. */
  static final long POLL_MILLIS = 250;

  /** A spec and its validation, always used together. */
  record Loaded(ContractSpec spec, RequestValidation validation) {}

  private final AtomicReference<Loaded> current;
  private final int maxBodyBytes;
  private ScheduledExecutorService watcher;

  LiveSpec(ContractSpec spec, int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.current =
        new AtomicReference<>(new Loaded(spec, new RequestValidation(spec, maxBodyBytes)));
  }

  /**
   * The spec file at {@code file}, loaded now (at the start, where its failure is the caller's).
   */
  static ContractSpec load(Path file) {
    return ContractSpec.load(read(file));
  }

  Loaded current() {
    return current.get();
  }

  /** Waits until the current spec is parsed and its validator built; throws what they threw. */
  void awaitReady() {
    Loaded loaded = current();
    loaded.spec().awaitParsed();
    loaded.validation().awaitReady();
  }

  /**
   * Polls {@code file} from now on, reloading it when it changes; each outcome a line in {@code
   * log}.
   */
  synchronized void watch(Path file, PrintStream log) {
    if (watcher != null) {
      throw new IllegalStateException("already watching");
    }
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "spec-watcher");
              thread.setDaemon(true);
              return thread;
            });
    Stamp[] seen = {Stamp.of(file)};
    watcher.scheduleWithFixedDelay(
        () -> {
          Stamp now = Stamp.of(file);
          if (!now.equals(seen[0])) {
            seen[0] = now;
            try {
              reload(file, log);
            } catch (Throwable e) {
              // Whatever a pathological file does to the parser, the watching goes on (an
              // exception out of this task would end it).
              log.println("Not reloaded " + file + ", still serving the last good spec: " + e);
              log.flush();
            }
          }
        },
        POLL_MILLIS,
        POLL_MILLIS,
        TimeUnit.MILLISECONDS);
    log.println("Watching " + file + " for changes.");
    log.flush();
  }

  /** Loads {@code file} and serves it if it loads; whether the served spec changed. */
  boolean reload(Path file, PrintStream log) {
    try {
      String text = read(file);
      if (text.equals(current().spec().text())) {
        return false;
      }
      ContractSpec spec = ContractSpec.load(text);
      RequestValidation validation = new RequestValidation(spec, maxBodyBytes);
      validation.awaitReady();
      current.set(new Loaded(spec, validation));
      log.println("Reloaded " + file + ": serving it now.");
      log.flush();
      return true;
    } catch (RuntimeException e) {
      log.println(
          "Not reloaded "
              + file
              + ", still serving the last good spec: "
              + Objects.requireNonNullElse(e.getMessage(), e.toString()));
      log.flush();
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read it: " + e, e);
    }
  }

  /** What a poll compares: the file's modification time and size (absent: nulls). */
  private record Stamp(FileTime modified, Long size) {
    static Stamp of(Path file) {
      try {
        return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
      } catch (IOException e) {
        return new Stamp(null, null);
      }
    }
  }
}
