package io.jitguard.check.checks;

import io.jitguard.check.Check;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import io.jitguard.source.SourceFile;
import java.util.Optional;

/**
 * JG004: the last line of a file ends in a line splice, as a generated header does when its
 * renderer drops the final line of a multi-line {@code #define}. Reported once per file however
 * often it is included.
 */
@CheckInfo(id = "JG004", name = "backslash-newline-at-eof",
    summary = "The last line of a file ends with a backslash (a line splice into end of file)",
    explanation = "The last line of a file ends with a line splice, typically a generated header whose renderer "
        + "dropped the final line of a multi-line #define. NVRTC rejects the file; gcc warns once per "
        + "preprocessing pass, a flood that buries real errors. End the file without the trailing backslash.",
    severity = Severity.ERROR)
public final class BackslashNewlineAtEof implements Check {
  @Override
  public Optional<Finding.Draft> file(SourceFile file) {
    if (!file.endsWithLineSplice()) {
      return Optional.empty();
    }
    var at = file.physicalLocation(file.finalSpliceOffset());
    return Optional.of(Finding.Draft.of(at, "last line of '" + file.path().getFileName() + "' ends with a backslash")
        .withNote(at, "NVRTC rejects the file: 'last line of file ends with a backslash'")
        .withNote(at, "gcc only warns 'backslash-newline at end of file', once per preprocessing pass: nvcc runs one "
            + "per target plus the host pass, for every file that includes it")
        .withFix("end the last line without a backslash (the generator probably dropped the final line of a "
            + "multi-line #define)"));
  }
}
