package org.availkit.server;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares this build's records directory ({@link TestRecords#prepare}) as a test JVM opens its
 * JUnit session, before any test runs: the spec-validating client appends its answers there from
 * the first request and does not make directories. Registered in {@code
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener}: the {@code
 * LauncherSessionListener} Javadoc (JUnit 6.0) says the launcher finds such listeners by Java's
 * {@code ServiceLoader}; Surefire and Failsafe run tests through that launcher.
 */
public final class TestRecordsSession implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    TestRecords.prepare();
  }
}
