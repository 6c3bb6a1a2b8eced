package org.availkit.server.system;

import java.time.Duration;

/** Runs {@link EmbeddedStore#checkSpace()} every {@code availkit.disk-check}. */
final class EmbeddedStoreProbe extends ProbeThread {

  private final EmbeddedStore store;
  private final Duration interval;

  EmbeddedStoreProbe(EmbeddedStore store, Duration interval) {
    super("embedded-store-probe");
    this.store = store;
    this.interval = interval;
  }

  @Override
  void probe() throws InterruptedException {
    while (probing()) {
      try {
        store.checkSpace();
      } catch (RuntimeException e) {
        // Checked again next time; the probe must not end.
      }
      Thread.sleep(Math.max(1, interval.toMillis()));
    }
  }
}
