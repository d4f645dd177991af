package io.jitguard.cpp;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The work the checker allows itself per translation unit, so that no input (hostile or merely
 * large) can make it run long or allocate much: past a limit the unit (or, for the per-function
 * limits, the function) gets a note that it was not fully checked, never an error. The token
 * budgets grow with the tokens of the files the unit reads (each file once, however often it is
 * included), so time and memory stay a small multiple of the input's size.
 *
 * <p>The defaults leave real kernel libraries far inside: flashinfer's {@code mixed_comm.cu}, the
 * heaviest macro user seen, substitutes 7.5 million tokens from 10,569 read (its budget is 11.8
 * million); no flashinfer unit outputs more than 1.22 tokens per token read (the budget is 65,536 + 16 per token) or
 * includes more than 58 files (the budget is 10,000). Each can be set with {@code --budget NAME=N}
 * or the system property {@code jitguard.budget.NAME}.
 *
 * @param expansion tokens macro substitution may produce in one unit, counting intermediate
 *     expansions, a token paste by its characters and a file read again by its tokens, before
 *     {@code expansionPerToken} times the tokens read is added
 * @param expansionPerToken the part of the expansion budget that grows with the tokens read
 * @param output tokens the preprocessed unit may hold, before {@code outputPerToken} times the
 *     tokens read is added
 * @param outputPerToken the part of the output budget that grows with the tokens read
 * @param includes files one unit may include, counting each inclusion
 * @param includeDepth how deep includes may nest
 * @param macroDepth how deep macro expansions may nest
 * @param instantiations function instantiations analysed in one unit
 * @param instantiationsPerFunction instantiations analysed of one function template
 * @param steps steps of type and constant resolution for one function instantiation
 */
public record Budget(long expansion, long expansionPerToken, long output, long outputPerToken, long includes,
    long includeDepth, long macroDepth, long instantiations, long instantiationsPerFunction, long steps) {
  public static final Budget DEFAULT = new Budget(1_000_000, 1_024, 65_536, 16, 10_000, 128, 256, 20_000, 256,
      2_000_000);

  /** The names {@code --budget} takes, in the order of the record's fields. */
  public static final List<String> NAMES = List.of("expansion", "expansion-per-token", "output", "output-per-token",
      "includes", "include-depth", "macro-depth", "instantiations", "instantiations-per-function", "steps");

  public Budget {
    long[] all = {expansion, expansionPerToken, output, outputPerToken, includes, includeDepth, macroDepth,
        instantiations, instantiationsPerFunction, steps};
    for (int i = 0; i < all.length; i++) {
      if (all[i] < 1) {
        throw new IllegalArgumentException("budget " + NAMES.get(i) + " must be at least 1, not " + all[i]);
      }
    }
  }

  /** The tokens macro substitution may produce in a unit that has read {@code read} tokens. */
  public long expansionFor(long read) {
    return saturatedAdd(expansion, saturatedMultiply(expansionPerToken, read));
  }

  /** The tokens a unit that has read {@code read} tokens may output. */
  public long outputFor(long read) {
    return saturatedAdd(output, saturatedMultiply(outputPerToken, read));
  }

  public ImmutableMap<String, Long> asMap() {
    long[] all = {expansion, expansionPerToken, output, outputPerToken, includes, includeDepth, macroDepth,
        instantiations, instantiationsPerFunction, steps};
    ImmutableMap.Builder<String, Long> b = ImmutableMap.builder();
    for (int i = 0; i < all.length; i++) {
      b.put(NAMES.get(i), all[i]);
    }
    return b.buildOrThrow();
  }

  /**
   * This budget with {@code settings} ({@code NAME=N} each) applied.
   *
   * @throws IllegalArgumentException naming the setting that is not {@code NAME=N} with a known
   *     name and a positive whole number
   */
  public Budget with(List<String> settings) {
    Map<String, Long> values = new LinkedHashMap<>(asMap());
    for (String s : settings) {
      int eq = s.indexOf('=');
      String name = eq < 0 ? s : s.substring(0, eq).strip();
      if (eq < 0 || !values.containsKey(name)) {
        throw new IllegalArgumentException("'" + s + "' is not NAME=N with NAME one of " + String.join(", ", NAMES));
      }
      values.put(name, parse(s, s.substring(eq + 1).strip()));
    }
    return of(values::get);
  }

  /** The defaults with each {@code jitguard.budget.NAME} system property that is set applied. */
  public static Budget fromSystemProperties() {
    List<String> set = NAMES.stream().filter(n -> System.getProperty("jitguard.budget." + n) != null)
        .map(n -> n + "=" + System.getProperty("jitguard.budget." + n)).toList();
    return DEFAULT.with(set);
  }

  private static long parse(String setting, String number) {
    try {
      long v = Long.parseLong(number.replace("_", ""));
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + setting + "': the value must be a whole number of at least 1");
  }

  private static Budget of(Function<String, Long> v) {
    return new Budget(v.apply(NAMES.get(0)), v.apply(NAMES.get(1)), v.apply(NAMES.get(2)), v.apply(NAMES.get(3)),
        v.apply(NAMES.get(4)), v.apply(NAMES.get(5)), v.apply(NAMES.get(6)), v.apply(NAMES.get(7)),
        v.apply(NAMES.get(8)), v.apply(NAMES.get(9)));
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }
}
