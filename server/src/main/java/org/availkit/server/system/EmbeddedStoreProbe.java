package org.availkit.server.system;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/** Runs {@link EmbeddedStore#checkSpace()} every {@code availkit.disk-check}. */
final class EmbeddedStoreProbe implements SmartLifecycle {

  private final EmbeddedStore store;
  private final Duration interval;
  private volatile Thread thread;

  EmbeddedStoreProbe(EmbeddedStore store, Duration interval) {
    this.store = store;
    this.interval = interval;
  }

  @Override
  public void start() {
    Thread probe =
        new Thread(
            () -> {
              try {
                while (thread == Thread.currentThread()) {
                  try {
                    store.checkSpace();
                  } catch (RuntimeException e) {
                    // Checked again next time; the probe must not end.
                  }
                  Thread.sleep(Math.max(1, interval.toMillis()));
                }
              } catch (InterruptedException e) {
                // Stopped with the application.
              }
            },
            "embedded-store-probe");
    probe.setDaemon(true);
    thread = probe;
    probe.start();
  }

  @Override
  public void stop() {
    Thread probe = thread;
    thread = null;
    if (probe != null) {
      probe.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}
