export * from './people';
export * from './card-svg';
export * from './variants';
export * from './generate';
export * from './fixtures';
