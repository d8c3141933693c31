global using Training.Contracts.V1;
global using Xunit;
