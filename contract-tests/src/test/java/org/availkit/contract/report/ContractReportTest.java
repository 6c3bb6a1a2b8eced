package org.availkit.contract.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.availkit.contract.report.ContractReport.Check;
import org.availkit.contract.report.ContractReport.Result;
import org.availkit.contract.report.ContractReport.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract report counts only what this build wrote: an earlier build's results say "not run",
 * not that build's verdict; passed, failed and skipped per check; every test class of the gate in a
 * row; and PIT's mutation score per module.
 */
class ContractReportTest {

  private static final long BUILD_START = 1_800_000_000_000L;
  private static final String SERVER_PACTS =
      "org.availkit.contract.provider.ServerPactVerificationTest";
  private static final String HOSTILE = "org.availkit.contract.hardening.HostileInputTest";

  @TempDir Path target;

  @Test
  void resultsOlderThanTheBuildAreNotRunNotPassed() throws IOException {
    // What ./mvnw verify -DskipTests leaves: the last build's reports, untouched by this one.
    suite("failsafe-reports", SERVER_PACTS, 9, 0, 0, 0, BUILD_START - 60_000);
    suite(
        "surefire-reports",
        "org.availkit.contract.consumer.HelpdeskWebPactTest",
        9,
        0,
        0,
        0,
        BUILD_START - 1);

    List<Result> results = ContractReport.results(target, BUILD_START);

    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.verdict()).isEqualTo("not run");
              assertThat(r.passed() + r.failed() + r.skipped()).isZero();
            });
    assertThat(ContractReport.text(results, List.of()))
        .contains(
            "  pacts vs server      not run    0 passed, 0 failed, 0 skipped   ",
            "  helpdesk-web pacts   not run    0 passed, 0 failed, 0 skipped   ");
  }

  @Test
  void resultsOfThisBuildCountWithPassedFailedAndSkipped() throws IOException {
    suite("failsafe-reports", SERVER_PACTS, 9, 1, 1, 2, BUILD_START);
    suite(
        "failsafe-reports",
        "org.availkit.contract.provider.BrokerServerPactVerificationTest",
        9,
        0,
        0,
        0,
        BUILD_START + 5_000);
    suite(
        "failsafe-reports",
        "org.availkit.contract.spec.BreakingChangesTest",
        5,
        0,
        0,
        5,
        BUILD_START + 1);

    List<Result> results = ContractReport.results(target, BUILD_START);

    assertThat(row(results, "pacts vs server"))
        .extracting(Result::verdict, Result::passed, Result::failed, Result::skipped)
        .containsExactly("FAILED", 14, 2, 2);
    assertThat(row(results, "breaking changes"))
        .extracting(Result::verdict, Result::passed, Result::skipped)
        .containsExactly("skipped", 0, 5);
    assertThat(ContractReport.text(results, List.of()))
        .contains(
            "  pacts vs server      FAILED    14 passed, 2 failed, 2 skipped   the pacts verified against the server",
            "  breaking changes     skipped    0 passed, 0 failed, 5 skipped   openapi-diff");
    assertThat(ContractReport.html(results, List.of()))
        .contains(
            "<td>pacts vs server</td><td style=\"color:#cf222e;font-weight:bold\">FAILED</td><td>14</td><td>2</td><td>2</td>");
  }

  @Test
  void theHostileCorpusHasItsRow() throws IOException {
    suite("failsafe-reports", HOSTILE, 337, 0, 0, 0, BUILD_START);

    assertThat(row(ContractReport.results(target, BUILD_START), "hostile input"))
        .extracting(Result::verdict, Result::passed)
        .containsExactly("passed", 337);
  }

  /**
   * The clients' reports, from a directory of their own (the pom's last argument): node's, without
   * a suite element, and pytest's, each under its language's row.
   */
  @Test
  void theClientsReportsCountUnderTheirLanguages() throws IOException {
    Path clients = Files.createDirectories(target.resolve("elsewhere/client-reports"));
    Path node = clients.resolve("TEST-typescript-mock.xml");
    Files.writeString(
        node,
        "<testsuites><testcase name=\"a\"/><testcase name=\"b\"><failure message=\"x\"/></testcase>"
            + "<testcase name=\"c\"><skipped/></testcase></testsuites>",
        StandardCharsets.UTF_8);
    Path pytest = clients.resolve("TEST-python-server.xml");
    Files.writeString(
        pytest,
        "<testsuites name=\"pytest tests\"><testsuite name=\"python-server\" errors=\"0\""
            + " failures=\"0\" skipped=\"1\" tests=\"18\"></testsuite></testsuites>",
        StandardCharsets.UTF_8);
    for (Path xml : List.of(node, pytest)) {
      Files.setLastModifiedTime(xml, FileTime.fromMillis(BUILD_START));
    }

    List<Result> results = ContractReport.results(List.of(clients), BUILD_START);
    assertThat(row(results, "TypeScript client"))
        .extracting(Result::passed, Result::failed, Result::skipped)
        .containsExactly(1, 1, 1);
    assertThat(row(results, "Python client"))
        .extracting(Result::passed, Result::failed, Result::skipped)
        .containsExactly(17, 0, 1);
    assertThat(row(ContractReport.results(target, BUILD_START), "Python client").verdict())
        .as("not in the target's own report directories")
        .isEqualTo("not run");
  }

  /**
   * A test class of the gate that no row names would run and never show: as the hostile corpus did.
   */
  @Test
  void everyTestClassOfTheGateHasARow() throws IOException, URISyntaxException {
    Path classes =
        Path.of(ContractReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> testClasses;
    try (Stream<Path> files = Files.walk(classes.resolve("org/availkit/contract"))) {
      testClasses =
          files
              .map(f -> classes.relativize(f).toString().replace('/', '.'))
              .filter(name -> name.endsWith("Test.class") && !name.contains("$"))
              .map(name -> name.substring(0, name.length() - ".class".length()))
              .filter(name -> !name.startsWith("org.availkit.contract.report."))
              .sorted()
              .toList();
    }
    assertThat(testClasses).contains(SERVER_PACTS, HOSTILE);
    assertThat(testClasses)
        .allSatisfy(
            name ->
                assertThat(ContractReport.CHECKS)
                    .as("a row for " + name)
                    .anyMatch(check -> check.covers(name)));
  }

  @Test
  void aPackageRowCoversThatPackageOnly() {
    Check hostile =
        ContractReport.CHECKS.stream()
            .filter(c -> c.name().equals("hostile input"))
            .findFirst()
            .orElseThrow();
    assertThat(hostile.covers(HOSTILE)).isTrue();
    assertThat(hostile.covers("org.availkit.contract.hardening.more.OtherTest")).isFalse();
    assertThat(hostile.covers("org.availkit.contract.hardeningX.OtherTest")).isFalse();
  }

  @Test
  void mutationScoreFromPitsXmlReport() throws IOException {
    // As PIT's XMLReportListener writes it (single quotes; detected is true for KILLED and
    // TIMED_OUT).
    Path xml =
        pitReport(
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <mutations partial="false">
        <mutation detected='true' status='KILLED' numberOfTestsRun='3'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='true' status='KILLED' numberOfTestsRun='1'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='true' status='TIMED_OUT' numberOfTestsRun='1'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='false' status='SURVIVED' numberOfTestsRun='2'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='false' status='NO_COVERAGE' numberOfTestsRun='0'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='false' status='NO_COVERAGE' numberOfTestsRun='0'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='true' status='KILLED' numberOfTestsRun='4'><sourceFile>A.java</sourceFile></mutation>
        <mutation detected='true' status='MEMORY_ERROR' numberOfTestsRun='1'><sourceFile>A.java</sourceFile></mutation>
        </mutations>
        """,
            BUILD_START + 1);

    MutationScore score = MutationScore.read("api-spec", xml, BUILD_START);

    assertThat(score).isEqualTo(new MutationScore("api-spec", true, 8, 5, 1, 2));
    assertThat(
            ContractReport.text(
                List.of(),
                List.of(new Section("Mutation score (PIT, -Pmutation)", List.of(score)))))
        .isEqualTo(
            """
        Contract gate
        Mutation score (PIT, -Pmutation)
          api-spec             62.5 %   5 of 8 killed, 1 survived, 2 no coverage
        """);
  }

  @Test
  void aMissingOrOlderPitReportIsNotRun() throws IOException {
    Path old =
        pitReport(
            "<mutations><mutation detected='true' status='KILLED'></mutation></mutations>",
            BUILD_START - 1_000);

    MutationScore stale = MutationScore.read("api-spec", old, BUILD_START);
    MutationScore missing = MutationScore.read("server", target.resolve("none.xml"), BUILD_START);

    assertThat(stale.verdict()).isEqualTo("not run");
    assertThat(missing.verdict()).isEqualTo("not run");
    assertThat(
            ContractReport.text(
                List.of(),
                List.of(new Section("Mutation score (PIT, -Pmutation)", List.of(stale, missing)))))
        .contains(
            "  api-spec             not run  no api-spec/target/pit-reports/mutations.xml from this build",
            "  server               not run  no server/target/pit-reports/mutations.xml from this build");
  }

  @Test
  void coverageIsTheReportsOwnTotalsNotAPackagesOrAClasses() throws IOException {
    Path xml = Files.createDirectories(target.resolve("site/jacoco")).resolve("jacoco.xml");
    Files.writeString(
        xml,
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="server"><sessioninfo id="a" start="1" dump="2"/>\
        <package name="org/a"><class name="org/a/A"><counter type="LINE" missed="9" covered="1"/></class>\
        <counter type="INSTRUCTION" missed="90" covered="10"/><counter type="BRANCH" missed="5" covered="5"/><counter type="LINE" missed="9" covered="1"/></package>\
        <counter type="INSTRUCTION" missed="100" covered="900"/><counter type="BRANCH" missed="25" covered="75"/>\
        <counter type="LINE" missed="30" covered="170"/><counter type="METHOD" missed="1" covered="9"/></report>
        """,
        StandardCharsets.UTF_8);
    Files.setLastModifiedTime(xml, FileTime.fromMillis(BUILD_START + 1));

    Coverage coverage = Coverage.read("server", xml, BUILD_START);

    assertThat(coverage).isEqualTo(new Coverage("server", true, 170, 200, 75, 100));
    assertThat(
            ContractReport.text(
                List.of(), List.of(new Section("Coverage (JaCoCo, lines)", List.of(coverage)))))
        .isEqualTo(
            """
            Contract gate
            Coverage (JaCoCo, lines)
              server               85.0 %   lines 170 of 200; branches 75 of 100 (75.0 %)
            """);
    Files.setLastModifiedTime(xml, FileTime.fromMillis(BUILD_START - 1));
    assertThat(Coverage.read("server", xml, BUILD_START).counts())
        .isEqualTo(
            "no server/target/site/jacoco/jacoco.xml from this build (./mvnw verify writes it)");
  }

  private void suite(
      String dir, String testClass, int tests, int failures, int errors, int skipped, long modified)
      throws IOException {
    Path xml = Files.createDirectories(target.resolve(dir)).resolve("TEST-" + testClass + ".xml");
    Files.writeString(
        xml,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="%s" time="1.0" tests="%d" errors="%d" skipped="%d" failures="%d">
        </testsuite>
        """
            .formatted(testClass, tests, errors, skipped, failures),
        StandardCharsets.UTF_8);
    Files.setLastModifiedTime(xml, FileTime.fromMillis(modified));
  }

  private Path pitReport(String xml, long modified) throws IOException {
    Path file = Files.createDirectories(target.resolve("pit-reports")).resolve("mutations.xml");
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    return file;
  }

  private static Result row(List<Result> results, String name) {
    return results.stream().filter(r -> r.check().name().equals(name)).findFirst().orElseThrow();
  }
}
