package io.jitguard.manifest;

import com.google.common.collect.ImmutableList;

/**
 * One template parameter a family is instantiated over, such as {@code DTypeO} with the short
 * label {@code o} and the values {@code bf16, fp16, fp32} (keys of the manifest's {@code types}).
 */
public record Axis(String param, String label, ImmutableList<String> values) {
  public Axis {
    values = ImmutableList.copyOf(values);
  }
}
