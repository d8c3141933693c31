global using Google.Rpc;
global using Grpc.Core;
global using Training.Api.Infrastructure;
global using Training.Api.Services;
global using Training.Contracts.V1;
global using Training.Grains;
global using Xunit;
