global using Grpc.Core;
global using Training.Contracts.V1;
global using Xunit;
