import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands to their end, keeping what they printed in the run's log. */
final class Commands {
  private final StringBuilder log;

  Commands(StringBuilder log) {
    this.log = log;
  }

  /**
   * Runs a command to its end (at most 10 minutes) and returns what it printed; fails on a non-zero
   * exit.
   */
  String run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " took more than 10 minutes");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    log.append("$ ").append(String.join(" ", command)).append('\n').append(text);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
    }
    return text;
  }
}
