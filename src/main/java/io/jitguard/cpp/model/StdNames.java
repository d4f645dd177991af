package io.jitguard.cpp.model;

import com.google.common.collect.ImmutableSet;

/**
 * The standard library names kernel host code uses, known without its headers: which are class
 * templates, classes, variable templates and function templates, so that declarations such as
 * {@code std::vector<int> v;} and {@code std::ostringstream oss;} parse as declarations. The
 * checker knows no member or conversion of these types: a value of one is of unknown type.
 * {@code cuda::std} is modelled the same way.
 */
public final class StdNames {
  private StdNames() {}

  public static final ImmutableSet<String> TYPE_TEMPLATES = ImmutableSet.of("vector", "array", "tuple", "pair",
      "optional", "variant", "unique_ptr", "shared_ptr", "weak_ptr", "function", "map", "unordered_map", "multimap",
      "set", "unordered_set", "multiset", "deque", "list", "forward_list", "queue", "priority_queue", "stack",
      "basic_string", "basic_string_view", "basic_ostringstream", "basic_stringstream", "initializer_list",
      "integral_constant", "bool_constant", "enable_if", "enable_if_t", "conditional", "conditional_t", "is_same",
      "remove_cv", "remove_cv_t", "remove_const", "remove_const_t", "remove_volatile", "remove_volatile_t",
      "remove_reference", "remove_reference_t", "remove_pointer", "remove_pointer_t", "remove_cvref",
      "remove_cvref_t", "add_const", "add_const_t", "add_pointer", "add_pointer_t", "add_lvalue_reference",
      "add_lvalue_reference_t", "add_rvalue_reference", "add_rvalue_reference_t", "decay", "decay_t",
      "type_identity", "type_identity_t", "underlying_type", "underlying_type_t", "common_type", "common_type_t",
      "invoke_result", "invoke_result_t", "result_of", "result_of_t", "numeric_limits", "tuple_element",
      "tuple_element_t", "tuple_size", "integer_sequence", "index_sequence", "make_index_sequence",
      "make_integer_sequence", "index_sequence_for", "atomic", "atomic_ref", "hash", "less", "greater", "plus",
      "minus", "multiplies", "equal_to", "span", "reference_wrapper", "allocator", "default_delete", "duration",
      "time_point", "is_integral", "is_floating_point", "is_pointer", "is_const", "is_void", "is_arithmetic",
      "is_signed", "is_unsigned", "is_base_of", "is_convertible", "is_trivially_copyable", "is_empty", "is_enum",
      "is_class", "is_reference", "is_lvalue_reference", "is_array", "is_function", "is_same_v_t", "conjunction",
      "disjunction", "negation", "void_t", "make_signed", "make_signed_t", "make_unsigned", "make_unsigned_t",
      "aligned_storage", "aligned_storage_t", "alignment_of", "extent", "rank", "iterator_traits",
      "back_insert_iterator", "move_iterator", "reverse_iterator", "lock_guard", "unique_lock", "scoped_lock",
      "complex", "valarray", "bitset", "mdspan", "extents", "float_denorm_style", "chrono_duration",
      "is_constructible", "is_default_constructible", "is_trivially_constructible", "is_standard_layout",
      "is_invocable", "is_nothrow_move_constructible", "has_unique_object_representations", "remove_extent",
      "remove_extent_t", "remove_all_extents", "remove_all_extents_t");

  public static final ImmutableSet<String> TYPES = ImmutableSet.of("string", "wstring", "string_view",
      "ostringstream", "stringstream", "istringstream", "ostream", "istream", "iostream", "ofstream", "ifstream",
      "fstream", "streambuf", "runtime_error", "exception", "invalid_argument", "out_of_range", "logic_error",
      "length_error", "domain_error", "overflow_error", "underflow_error", "range_error", "bad_alloc",
      "system_error", "error_code", "size_t", "ptrdiff_t", "nullptr_t", "int8_t", "uint8_t", "int16_t", "uint16_t",
      "int32_t", "uint32_t", "int64_t", "uint64_t", "intptr_t", "uintptr_t", "intmax_t", "uintmax_t", "max_align_t",
      "byte", "true_type", "false_type", "mutex", "recursive_mutex", "shared_mutex", "condition_variable", "thread",
      "type_info", "type_index", "nothrow_t", "nullopt_t", "monostate", "in_place_t", "any", "streamsize",
      "random_device", "mt19937", "mt19937_64", "default_random_engine", "seed_seq", "float_round_style",
      "memory_order", "filesystem", "exception_ptr", "regex", "smatch", "once_flag", "source_location",
      "uniform_int_distribution", "uniform_real_distribution", "normal_distribution", "steady_clock",
      "system_clock", "high_resolution_clock", "nanoseconds", "microseconds", "milliseconds", "seconds",
      "ios_base", "locale");

  public static final ImmutableSet<String> VALUE_TEMPLATES = ImmutableSet.of("is_same_v", "is_integral_v",
      "is_floating_point_v", "is_pointer_v", "is_const_v", "is_void_v", "is_arithmetic_v", "is_signed_v",
      "is_unsigned_v", "is_base_of_v", "is_convertible_v", "is_trivially_copyable_v", "tuple_size_v", "is_empty_v",
      "conjunction_v", "disjunction_v", "negation_v", "alignment_of_v", "extent_v", "rank_v", "is_enum_v",
      "is_class_v", "is_reference_v", "is_lvalue_reference_v", "is_array_v", "is_function_v",
      "is_constructible_v", "is_default_constructible_v", "is_trivially_constructible_v", "is_standard_layout_v",
      "is_invocable_v", "is_nothrow_move_constructible_v", "in_place_type", "is_aggregate_v", "is_scalar_v",
      "is_object_v", "is_member_pointer_v", "is_union_v", "is_polymorphic_v", "is_abstract_v", "is_final_v",
      "is_trivial_v", "is_pod_v", "is_bounded_array_v", "is_unbounded_array_v", "has_virtual_destructor_v",
      "min", "max", "move", "forward", "get", "make_tuple", "make_pair", "tie", "declval", "swap", "abs", "ceil",
      "floor", "sqrt", "exp", "log", "pow", "memcpy", "memset", "to_string", "accumulate", "sort", "fill", "copy",
      "transform", "find", "find_if", "count", "count_if", "any_of", "all_of", "none_of", "make_unique",
      "make_shared", "launder", "addressof", "exchange", "clamp", "gcd", "lcm", "iota", "begin", "end", "size",
      "data", "distance", "advance", "next", "prev", "reverse", "unique", "lower_bound", "upper_bound",
      "min_element", "max_element", "bit_cast", "static_pointer_cast", "dynamic_pointer_cast", "get_if",
      "holds_alternative", "visit", "apply", "invoke", "ref", "cref", "as_const", "to_underlying", "integral",
      "stable_sort", "partial_sort", "nth_element", "max_element", "fill_n", "copy_n", "minmax", "round", "trunc",
      "fabs", "fmax", "fmin", "log2", "exp2", "isnan", "isinf", "isfinite", "numeric_cast", "duration_cast");

  /** The standard headers, for which a missing file means only that the checker models their names. */
  public static final ImmutableSet<String> HEADERS = ImmutableSet.of("algorithm", "any", "array", "atomic",
      "bit", "bitset", "cassert", "cctype", "cerrno", "cfloat", "chrono", "cinttypes", "climits", "clocale",
      "cmath", "complex", "condition_variable", "cstdarg", "cstddef", "cstdint", "cstdio", "cstdlib", "cstring",
      "ctime", "cuchar", "cwchar", "deque", "exception", "execution", "filesystem", "forward_list", "fstream",
      "functional", "future", "initializer_list", "iomanip", "ios", "iosfwd", "iostream", "istream", "iterator",
      "limits", "list", "locale", "map", "memory", "mutex", "new", "numeric", "optional", "ostream", "queue",
      "random", "ratio", "regex", "set", "shared_mutex", "span", "sstream", "stack", "stdexcept", "streambuf",
      "string", "string_view", "system_error", "thread", "tuple", "type_traits", "typeindex", "typeinfo",
      "unordered_map", "unordered_set", "utility", "valarray", "variant", "vector", "version", "assert.h",
      "stdint.h", "stdio.h", "stdlib.h", "string.h", "math.h", "float.h", "limits.h", "stddef.h", "stdarg.h",
      "inttypes.h", "time.h", "unistd.h", "errno.h", "ctype.h", "stdbool.h", "dlfcn.h", "pthread.h",
      "sys/types.h", "sys/stat.h", "sys/time.h", "sys/mman.h", "fcntl.h", "signal.h", "wchar.h", "execinfo.h",
      "cxxabi.h", "malloc.h", "memory.h", "numa.h", "alloca.h");

  /** Whether {@code qualifier} names the standard namespace ({@code std}, {@code ::std}, {@code cuda::std}). */
  public static boolean isStdQualifier(String qualifier) {
    return qualifier.equals("std") || qualifier.equals("cuda::std") || qualifier.equals("std::chrono")
        || qualifier.equals("cuda::std::chrono") || qualifier.equals("std::this_thread");
  }
}
