// One browser test keeps well under a core busy (it waits on the page, the browser and the app in turn): four at a time
// on two cores finish the suite sooner than xUnit's default of one per core.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
