using System;

namespace LeakScope.Generator;

/// <summary>
/// One call in the app's source to intercept, as plain equatable data (no syntax, symbol or
/// compilation), so an edit elsewhere leaves it equal and the generated code is reused.
/// </summary>
/// <param name="Template">How the interceptor hands the result to the runtime.</param>
/// <param name="Kind">The scope's kind.</param>
/// <param name="NameExpression">C# for the scope's name, over the interceptor's parameters, or <c>null</c>.</param>
/// <param name="MethodName">The intercepted method's name.</param>
/// <param name="ContainingType">The fully qualified type that declares it.</param>
/// <param name="IsStatic">A static method (extension methods too), called as <c>Type.Method(args)</c>.</param>
/// <param name="ReturnType">The fully qualified return type, or <c>void</c>.</param>
/// <param name="Parameters">Its parameters, the receiver first for an instance method.</param>
/// <param name="Version">The interceptable location's encoding version.</param>
/// <param name="Data">The interceptable location's data.</param>
/// <param name="DisplayLocation">A readable location for the comment above the interceptor.</param>
/// <param name="File">The call's file, as the compiler saw it.</param>
/// <param name="Line">The call's line (1-based).</param>
/// <param name="Member">The member holding the call, as <c>[CallerMemberName]</c> would give it.</param>
internal sealed record InterceptedCall(
    CallTemplate Template,
    string Kind,
    string NameExpression,
    string MethodName,
    string ContainingType,
    bool IsStatic,
    string ReturnType,
    EquatableArray<InterceptorParameter> Parameters,
    int Version,
    string Data,
    string DisplayLocation,
    string File,
    int Line,
    string Member) : IEquatable<InterceptedCall>;
