// Every test may run beside any other: the adapter must keep each test's scopes apart.
[assembly: Parallelize(Workers = 4, Scope = ExecutionScope.MethodLevel)]
