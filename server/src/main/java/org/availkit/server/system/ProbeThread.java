package org.availkit.server.system;

import org.springframework.context.SmartLifecycle;

/**
 * A probe's thread, started and stopped with the application: a daemon thread that runs {@link
 * #probe()} until {@link #stop()}.
 */
abstract class ProbeThread implements SmartLifecycle {

  private final String name;
  private volatile Thread thread;

  ProbeThread(String name) {
    this.name = name;
  }

  /** The probe's loop: it goes on while {@link #probing()}, and ends when interrupted. */
  abstract void probe() throws InterruptedException;

  /** Whether the loop is to go on: false once stopped. */
  final boolean probing() {
    return thread == Thread.currentThread();
  }

  @Override
  public void start() {
    Thread probe =
        new Thread(
            () -> {
              try {
                probe();
              } catch (InterruptedException e) {
                // Stopped with the application.
              }
            },
            name);
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
