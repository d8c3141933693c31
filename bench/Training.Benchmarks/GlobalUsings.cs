global using System.Diagnostics;
global using System.Globalization;
global using Grpc.Core;
global using Training.Contracts.V1;
