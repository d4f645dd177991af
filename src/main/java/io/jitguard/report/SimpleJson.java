package io.jitguard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Prints a tree of maps, lists and values as indented JSON: the machine output of every command. */
public final class SimpleJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SimpleJson() {}

  public static void print(Object doc, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(doc));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
