package org.availkit.conformance;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.availkit.contract.testing.BlackBoxCases;
import org.availkit.contract.testing.ReportPage;

/**
 * {@code java -jar availability-conformance.jar --base-url URL --key KEY --secret SECRET [--report
 * DIR] [--read-only]}: whether the server at URL keeps the contract. It runs the gate's black-box
 * cases, the rules table and both consumers' pacts against it through the API alone, prints one
 * line per failure and a summary, writes the reports ({@link Reports}), and restores the agent's
 * status it found. Exit status 0 when every case passed, 1 when one failed, 2 on a usage error, an
 * unreachable URL or refused credentials.
 */
public final class ConformanceRunner {

  static final int PASSED = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private ConformanceRunner() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(RunnerOptions.USAGE);
      return PASSED;
    }
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(RunnerOptions.USAGE);
      return USAGE;
    }
    Optional<String> unreachable = unreachable(options.baseUrl());
    if (unreachable.isPresent()) {
      err.println("Cannot reach " + options.baseUrl() + ": " + unreachable.get());
      return USAGE;
    }
    Target target = new Target(options);
    String found;
    try {
      found = target.status();
    } catch (Target.Unreadable e) {
      if (e.status == 401) {
        err.println(
            "The credentials are refused (401) at "
                + options.baseUrl()
                + ": check --key and --secret");
        return USAGE;
      }
      // Not an answer the runner can read a status from: the cases say what is wrong with it.
      found = null;
      err.println(
          "The agent's status cannot be read, so it will not be restored: " + e.getMessage());
    } catch (RuntimeException e) {
      found = null;
      err.println("The agent's status cannot be read, so it will not be restored: " + e);
    }
    out.println(
        "Checking "
            + options.baseUrl()
            + " against the contract"
            + (options.readOnly() ? " (read-only)" : "")
            + (found == null ? "" : "; the agent is " + found));
    Instant started = Instant.now();
    List<Outcome> outcomes = new ArrayList<>();
    try {
      outcomes.addAll(new BlackBoxSuite(target).run());
      outcomes.addAll(new RulesSuite(target).run());
      outcomes.addAll(new PactSuite(target).run());
    } finally {
      if (!options.readOnly() && found != null) {
        Optional<String> notRestored = target.reach(found);
        if (notRestored.isPresent()) {
          err.println("The agent's status " + found + " was not restored: " + notRestored.get());
        } else {
          out.println("Restored the agent's status: " + found);
        }
      }
    }
    outcomes.stream()
        .filter(o -> o.verdict() == Outcome.Verdict.FAILED)
        .forEach(o -> out.println(o.failureLine()));
    for (ReportPage.Row row : Reports.rows(outcomes)) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-20s %-8s %3d passed, %d failed, %d skipped",
              row.name(),
              row.verdict(),
              row.passed(),
              row.failed(),
              row.skipped()));
    }
    try {
      Reports.write(options.reportDir(), options, started, outcomes);
      out.println("  report: " + options.reportDir().resolve("report.html").toAbsolutePath());
    } catch (IOException e) {
      err.println("The reports could not be written to " + options.reportDir() + ": " + e);
    }
    boolean failed = Reports.count(outcomes, Outcome.Verdict.FAILED) > 0;
    out.println(failed ? "Conformance: FAILED" : "Conformance: passed");
    return failed ? FAILED : PASSED;
  }

  /** The first message along the causes (a refused connection's is its cause's), else the type. */
  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  /** Why nothing answers HTTP at the URL, or empty when something does (whatever it answers). */
  static Optional<String> unreachable(String baseUrl) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(baseUrl + BlackBoxCases.GET_PATH))
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.discarding());
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
