using System;

namespace LeakScope.Generator;

/// <summary>A parameter of an intercepted method, as the interceptor must declare it.</summary>
/// <param name="Type">The fully qualified type, with its nullable annotation.</param>
/// <param name="Name">The name, escaped with <c>@</c> so that keywords are valid.</param>
/// <param name="Modifier">A ref kind such as <c>in </c> or <c>params </c>, or empty.</param>
internal sealed record InterceptorParameter(string Type, string Name, string Modifier) : IEquatable<InterceptorParameter>;
