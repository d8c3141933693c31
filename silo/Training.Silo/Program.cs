using Training.Silo;

var app = TrainingHost.Build(args);
await app.RunAsync();
