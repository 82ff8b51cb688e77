// Every test may run beside any other: the adapter must keep each test's scopes apart.
[assembly: Parallelizable(ParallelScope.All)]
[assembly: LevelOfParallelism(4)]
