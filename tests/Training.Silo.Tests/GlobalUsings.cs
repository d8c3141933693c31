global using Grpc.Core;
global using Training.Contracts.V1;
global using Training.EndToEnd.Tests;
global using Training.EventStore.Tests;
global using Xunit;
