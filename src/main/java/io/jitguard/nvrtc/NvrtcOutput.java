package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/** What a successful compile produced; the log may still hold warnings. */
public record NvrtcOutput(
    String log, Optional<byte[]> cubin, Optional<String> ptx, ImmutableMap<String, String> loweredNames,
    long compileNanos) {}
