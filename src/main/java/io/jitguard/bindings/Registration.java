package io.jitguard.bindings;

import com.google.common.collect.ImmutableList;
import io.jitguard.source.SourceLocation;
import java.util.Optional;

/**
 * One name a C++ extension registers for Python: {@code m.def("plan", &F)} or {@code m.impl(...)}
 * inside a {@code TORCH_LIBRARY}, {@code TORCH_LIBRARY_FRAGMENT}, {@code TORCH_LIBRARY_IMPL} or
 * {@code PYBIND11_MODULE} block.
 *
 * @param block the macro of the block ({@code TORCH_LIBRARY_FRAGMENT})
 * @param namespace the block's first argument as written (a namespace or module name, or a macro such as
 *     {@code TORCH_EXTENSION_NAME} the build defines)
 * @param function the C++ function registered ({@code &F}, {@code F}, {@code TORCH_FN(F)}), by its last name;
 *     empty for a lambda or a schema without a function
 * @param pyArgs pybind11's {@code py::arg("name")} annotations, each with whether it has a default
 * @param schema a schema's parameters when the name is given as one ({@code "plan(Tensor a, int b=1) -> Tensor"})
 */
public record Registration(SourceLocation at, String name, String block, String namespace, String method,
    Optional<String> function, ImmutableList<PyArg> pyArgs, Optional<ImmutableList<PyArg>> schema) {

  /** A parameter as the binding names it, and whether a default makes it optional. */
  public record PyArg(String name, boolean hasDefault) {}

  public boolean pybind() {
    return block.equals("PYBIND11_MODULE");
  }
}
