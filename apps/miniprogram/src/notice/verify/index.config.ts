export default definePageConfig({ navigationBarTitleText: '核实通知真伪' });
