global using Google.Protobuf.WellKnownTypes;
global using Grpc.Core;
global using Orleans;
global using Training.Api.Infrastructure;
global using Training.Contracts.V1;
global using Training.Grains;
