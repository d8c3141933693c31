global using Orleans;
global using Orleans.TestingHost;
global using Training.Grains;
global using Xunit;
