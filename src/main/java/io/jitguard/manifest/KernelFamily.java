package io.jitguard.manifest;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A kernel with interchangeable variants, listed most preferred first, and the axes it is
 * instantiated over (every combination of axis values is one instantiation).
 */
public record KernelFamily(
    String name, String description, ImmutableList<Axis> axes, ImmutableList<Variant> variants,
    ImmutableMap<String, String> types) {

  public KernelFamily {
    axes = ImmutableList.copyOf(axes);
    variants = ImmutableList.copyOf(variants);
    types = ImmutableMap.copyOf(types);
  }

  /** The cartesian product of the axes, in declaration order (last axis fastest). */
  public ImmutableList<Instantiation> instantiations() {
    List<Map.Entry<ImmutableMap<String, String>, String>> acc = new ArrayList<>();
    acc.add(Map.entry(ImmutableMap.of(), ""));
    for (Axis axis : axes) {
      List<Map.Entry<ImmutableMap<String, String>, String>> next = new ArrayList<>();
      for (var partial : acc) {
        for (String value : axis.values()) {
          ImmutableMap<String, String> types = ImmutableMap.<String, String>builder()
              .putAll(partial.getKey()).put(axis.param(), cxxType(value)).build();
          String label = partial.getValue();
          if (axis.values().size() > 1) {
            label = label + (label.isEmpty() ? "" : ",") + axis.label() + "=" + value;
          }
          next.add(Map.entry(types, label));
        }
      }
      acc = next;
    }
    return acc.stream().map(e -> new Instantiation(e.getKey(), e.getValue()))
        .collect(ImmutableList.toImmutableList());
  }

  /** A value of an axis is a key of the manifest's {@code types}, or a C++ type written out. */
  public String cxxType(String value) {
    return types.getOrDefault(value, value);
  }
}
