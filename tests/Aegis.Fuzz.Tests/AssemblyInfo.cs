// One target at a time: each already runs on every core (CsCheck's threads), and a target's time is then its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
