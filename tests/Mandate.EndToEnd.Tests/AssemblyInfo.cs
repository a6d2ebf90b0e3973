// Every test here starts real processes (server, sample API, sample agent, CLI). They run one at a
// time so that a 60 s load run is not measured while other tests compete for the same two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
