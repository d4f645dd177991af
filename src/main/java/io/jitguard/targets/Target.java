package io.jitguard.targets;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GPU compile target, such as {@code sm_80} or the arch-specific {@code sm_90a}.
 *
 * <p>An arch-specific target enables instructions that exist only on that exact architecture
 * (wgmma and {@code setmaxnreg} on sm_90a) and its code runs on that architecture alone.
 */
public record Target(int sm, boolean archSpecific) implements Comparable<Target> {

  /** Arch-specific ({@code a}) targets exist from Hopper on. */
  public static final int FIRST_ARCH_SPECIFIC_SM = 90;

  private static final Pattern SYNTAX =
      Pattern.compile("(?:sm_?)?(?:(\\d{2,3})|(\\d{1,2})\\.(\\d))(a?)");

  public Target {
    if (sm < 10 || sm > 999) {
      throw new IllegalArgumentException("sm out of range: " + sm);
    }
    if (archSpecific && sm < FIRST_ARCH_SPECIFIC_SM) {
      throw new IllegalArgumentException(
          "sm_" + sm + "a does not exist: arch-specific targets start at sm_" + FIRST_ARCH_SPECIFIC_SM + "a");
    }
  }

  /**
   * Parses user input: {@code 80}, {@code 8.0}, {@code sm_80}, {@code sm80}, {@code 90a}, {@code 9.0a}
   * and {@code sm_90a} are all accepted.
   *
   * @throws TargetException naming the input and the accepted forms
   */
  public static Target parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SYNTAX.matcher(trimmed);
    if (!m.matches()) {
      throw new TargetException(
          "invalid target '" + text + "': expected a compute capability such as 80, 8.0, sm_80, 90a or sm_90a");
    }
    int sm = m.group(1) != null
        ? Integer.parseInt(m.group(1))
        : Integer.parseInt(m.group(2)) * 10 + Integer.parseInt(m.group(3));
    boolean archSpecific = !m.group(4).isEmpty();
    if (sm < 10) {
      throw new TargetException("invalid target '" + text + "': no GPU has a compute capability below 1.0");
    }
    if (archSpecific && sm < FIRST_ARCH_SPECIFIC_SM) {
      throw new TargetException("invalid target '" + text + "': arch-specific 'a' targets start at sm_"
          + FIRST_ARCH_SPECIFIC_SM + "a");
    }
    return new Target(sm, archSpecific);
  }

  /** The canonical name, {@code sm_90a}. */
  public String name() {
    return "sm_" + sm + (archSpecific ? "a" : "");
  }

  /** The value of {@code __CUDA_ARCH__} when compiling device code for this target. */
  public int cudaArch() {
    return sm * 10;
  }

  /** The NVRTC option that makes a CUBIN for this target. */
  public String cubinArchOption() {
    return "-arch=" + name();
  }

  /** The NVRTC option that makes PTX (virtual architecture) for this target. */
  public String ptxArchOption() {
    return "-arch=compute_" + sm + (archSpecific ? "a" : "");
  }

  @Override
  public int compareTo(Target o) {
    int c = Integer.compare(sm, o.sm);
    return c != 0 ? c : Boolean.compare(archSpecific, o.archSpecific);
  }

  @Override
  public String toString() {
    return name();
  }
}
