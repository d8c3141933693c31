global using Grpc.Core;
global using Spectre.Console;
global using Training.Contracts.V1;
