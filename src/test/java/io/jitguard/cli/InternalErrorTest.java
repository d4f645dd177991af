package io.jitguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitguard.cpp.sema.Analyzer;
import io.jitguard.testing.CliRun;
import io.jitguard.testing.TestResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure of the checker itself, inside the analysis of one function: the other functions are
 * still checked and reported, the failure is an internal note naming the file and line of the
 * function, the exit code is 3 (never 1), and the JSON and SARIF output stay well-formed.
 */
class InternalErrorTest {
  private static final String FILE = TestResources.path("internal/two_functions.cu").toString();

  @BeforeEach
  void failTheAnalysisOfBoom() {
    System.setProperty(Analyzer.FAIL_ANALYSIS_OF, "boom");
  }

  @AfterEach
  void stopFailing() {
    System.clearProperty(Analyzer.FAIL_ANALYSIS_OF);
  }

  @Test
  void crashInOneFunction_othersStillReported_exitsThree() {
    CliRun r = CliRun.of("check", FILE);
    assertEquals(ExitCodes.INTERNAL, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("two_functions.cu:6:10: error: no declaration of 'takes_two' takes 1 argument [JG001]"),
        r.out());
    assertFalse(r.out().contains("takes 3 arguments"), "boom was not analysed: " + r.out());
    assertTrue(r.out().contains("two_functions.cu:9:16: note: internal error: could not analyse 'boom' "
        + "(java.lang.IllegalStateException: failure injected by -D" + Analyzer.FAIL_ANALYSIS_OF + "); the rest was "
        + "checked"), r.out());
    assertTrue(r.out().contains("internal error: 1 finding in 1 unit"), r.out());
    assertTrue(r.err().contains("jitguard: internal error: 1 place could not be analysed"), r.err());
  }

  @Test
  void crashInOneFunction_jsonStaysWellFormed() throws Exception {
    CliRun r = CliRun.of("check", FILE, "--format", "json");
    assertEquals(ExitCodes.INTERNAL, r.code(), r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(1, doc.get("internalErrors").asInt());
    assertEquals("JG001", doc.at("/findings/0/rule").asText());
    assertEquals(6, doc.at("/findings/0/line").asInt());
    boolean internalNote = false;
    for (JsonNode d : doc.get("frontEnd")) {
      internalNote |= d.get("kind").asText().equals("internal") && d.get("line").asInt() == 9;
    }
    assertTrue(internalNote, r.out());
  }

  @Test
  void crashInOneFunction_sarifSaysTheRunDidNotSucceed() throws Exception {
    CliRun r = CliRun.of("check", FILE, "--format", "sarif");
    assertEquals(ExitCodes.INTERNAL, r.code(), r.err());
    JsonNode run = new ObjectMapper().readTree(r.out()).at("/runs/0");
    assertEquals("JG001", run.at("/results/0/ruleId").asText());
    assertFalse(run.at("/invocations/0/executionSuccessful").asBoolean());
    assertTrue(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText()
        .contains("could not analyse 'boom'"), r.out());
  }

  @Test
  void withoutTheInjectedFailure_bothFindingsAndExitOne() {
    System.clearProperty(Analyzer.FAIL_ANALYSIS_OF);
    CliRun r = CliRun.of("check", FILE);
    assertEquals(ExitCodes.FAILURES, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("no declaration of 'takes_two' takes 3 arguments"), r.out());
    assertTrue(r.out().contains("2 errors: 2 findings in 1 unit"), r.out());
  }
}
