package io.jitguard.nvrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A compile worker process of {@link WorkerPool}: one NVRTC of its own, one program at a time, from
 * a JSON line on stdin to a JSON line on stdout. It ends when stdin does, so it dies with the run
 * that started it.
 */
public final class CompileWorker {
  static final ObjectMapper JSON = new ObjectMapper();

  private CompileWorker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream())); // nothing else may write to the protocol
    Nvrtc nvrtc = Nvrtc.load();
    out.println("{\"ready\":true}");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      JsonNode r = JSON.readTree(line);
      out.println(JSON.writeValueAsString(answer(nvrtc, program(r))));
    }
  }

  static NvrtcProgram program(JsonNode r) {
    return new NvrtcProgram(r.get("name").asText(), r.get("source").asText(),
        com.google.common.collect.ImmutableList.copyOf(strings(r.get("options"))),
        com.google.common.collect.ImmutableList.copyOf(strings(r.get("names"))), true, r.get("ptx").asBoolean(),
        r.get("timeoutMillis").asLong());
  }

  static ObjectNode request(NvrtcProgram p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", p.name()).put("source", p.source()).put("ptx", p.wantPtx()).put("timeoutMillis", p.timeoutMillis());
    p.options().forEach(n.putArray("options")::add);
    p.nameExpressions().forEach(n.putArray("names")::add);
    return n;
  }

  private static ObjectNode answer(Nvrtc nvrtc, NvrtcProgram p) {
    ObjectNode a = JSON.createObjectNode();
    try {
      NvrtcOutput o = nvrtc.compile(p);
      a.put("ok", true).put("log", o.log()).put("nanos", o.compileNanos());
      o.cubin().ifPresent(c -> a.put("cubin", Base64.getEncoder().encodeToString(c)));
      o.ptx().ifPresent(x -> a.put("ptx", x));
      ObjectNode names = a.putObject("lowered");
      o.loweredNames().forEach(names::put);
    } catch (NvrtcException e) {
      a.put("ok", false).put("call", e.call()).put("status", e.status()).put("statusName", e.statusName())
          .put("log", e.log());
    } catch (RuntimeException e) {
      a.put("ok", false).put("call", "worker").put("status", -1).put("statusName", e.toString()).put("log", "");
    }
    return a;
  }

  static NvrtcOutput output(JsonNode a, NvrtcProgram p) {
    if (!a.get("ok").asBoolean()) {
      throw new NvrtcException(a.get("call").asText(), a.get("status").asInt(), a.get("statusName").asText(),
          a.get("log").asText(), p.options());
    }
    com.google.common.collect.ImmutableMap.Builder<String, String> names = com.google.common.collect.ImmutableMap.builder();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) a.get("lowered")::fields) {
      names.put(e.getKey(), e.getValue().asText());
    }
    return new NvrtcOutput(a.get("log").asText(),
        a.has("cubin") ? java.util.Optional.of(Base64.getDecoder().decode(a.get("cubin").asText()))
            : java.util.Optional.empty(),
        a.has("ptx") ? java.util.Optional.of(a.get("ptx").asText()) : java.util.Optional.empty(), names.build(),
        a.get("nanos").asLong());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
