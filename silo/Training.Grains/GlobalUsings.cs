global using Orleans;
global using Orleans.EventSourcing;
global using Orleans.Providers;
global using Training.EventStore;
