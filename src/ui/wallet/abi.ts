// The page reads the contracts through the chain layer's one module that knows them.
export { energyCoinAbi as coinAbi, energyMarketAbi as marketAbi } from '../../chain';
